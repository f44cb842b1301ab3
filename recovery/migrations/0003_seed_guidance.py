"""Seed the guidance library: one original article per rule family, written from DOMAIN.md.

Reference numbers in brackets are those of DOMAIN.md §9; each article lists the ones it uses.
"""

from django.db import migrations

ARTICLES = [
    {
        "slug": "red-flags",
        "title": "Warning signs: when soreness is not just soreness",
        "summary": "Dark urine, pain far beyond normal, real weakness, joint or bone pain, chest symptoms: stop and see a clinician.",
        "topic": "safety",
        "body": """Ordinary post-workout soreness is a dull, spread-out ache in the muscles you trained. It builds over the first day, peaks somewhere between one and three days after the session and is usually gone within a week [1, 3-5]. A few signs do **not** fit that pattern, and RunReady treats them differently: it stops giving training advice and sends you to a clinician.

## Signs of muscle breakdown (exertional rhabdomyolysis)

Rarely, a hard or unaccustomed session breaks down so much muscle that its contents flood the blood and strain the kidneys [82, 83]. Watch for:

- urine that is dark — like tea or cola — or much less urine than usual;
- muscle pain far worse than any soreness you have had, or swelling, or muscles that feel very tight or hard;
- real weakness: trouble getting out of a chair, climbing stairs or lifting the leg.

What to do: **stop exercising, drink fluids and get seen the same day.** Mention the workout and ask about a creatine kinase (CK) blood test [82]. Return to training is something to plan with the clinician [84, 88].

## Signs of an injury rather than soreness

Sharp pain at a joint, a tender spot on a bone, pain at rest or at night, pain on one side only after a two-legged session, a pop or tear during the workout, bruising, or not being able to bear weight all point to an injury [5, 89-92]. Get it checked before you run again.

## Heart and whole-body warnings

Chest pain or pressure, fainting or nearly fainting, unusual breathlessness or a racing, irregular heartbeat are reasons to stop and seek care at once — call emergency services [93]. Fever, vomiting or feeling generally unwell alongside muscle pain also means no training today [87].

## Soreness that will not settle

Soreness that is still severe four days after the session, gets worse again after the third day, or lingers beyond a week is not following the normal course; RunReady asks you to get it checked [1, 3-5, 20, 87].

RunReady does not diagnose anything. These questions exist so that a warning sign is never buried under a training plan.""",
        "references": """- [1] Cheung K, Hume P, Maxwell L (2003). Delayed onset muscle soreness: treatment strategies and performance factors. Sports Med.
- [5] Philly.com Sports Doc. Soreness vs. injury: what's the difference?
- [89], [90] Houston Methodist (2020). Is your pain just muscle soreness or a serious injury?
- [82] CDC/NIOSH rhabdomyolysis guidance.
- [83] Nye NS et al. (2021). Clinical practice guidelines for exertional rhabdomyolysis.
- [84] O'Connor FG et al. (2020). Clinical practice guideline for the management of exertional rhabdomyolysis.
- [87] Rhabdomyolysis symptoms, medically reviewed consumer guidance (2023).
- [91] Warden SJ, Davis IS, Fredericson M (2014). Bone stress injuries in long-distance runners.
- [93] Riebe D et al. (2015). ACSM preparticipation health screening.""",
    },
    {
        "slug": "doms-and-soreness",
        "title": "Muscle soreness after leg day, and how to rate it",
        "summary": "Why legs hurt one to three days later, what the 0-10 scale means in RunReady, and why soreness is only one clue.",
        "topic": "soreness",
        "body": """Delayed-onset muscle soreness (DOMS) follows unaccustomed or intense work, especially *eccentric* work, where a muscle lengthens under load: lowering into a squat, a lunge or a Romanian deadlift, stepping down, landing a jump [1, 2]. It is small straight after the session, builds over 12-24 hours, peaks between about 24 and 72 hours and fades over the next days [1, 3-6].

## Rating it the same way every day

Soreness is felt mostly on movement, so RunReady asks you to rate each muscle group during one simple movement: a slow bodyweight squat or a step down for quads and glutes, a toe-touch for hamstrings, a heel raise for calves and a side lunge for adductors [15-17]. The scale runs from 0 to 10 [12, 13]:

- **0** none;
- **1-3 mild**: you notice it on stairs or when pressed, but you move normally;
- **4-6 moderate**: it hurts in everyday movement and eases as you move around;
- **7-10 severe**: it limits movement or hurts at rest [18, 19].

A question you skip counts as 4: when RunReady does not know, it stays cautious.

## What soreness does and does not tell you

Soreness is a poor gauge of lost strength: people with the same soreness can have very different strength losses, and strength can stay down after the ache has gone [9, 10, 21, 22]. That is why RunReady also looks at the hours since your session and asks whether you can walk normally, and why even mild soreness keeps hard running off the menu for a while after a hard leg day [8, 38].

Moderate soreness caps the day at a short recovery run; severe soreness or not walking normally means rest or walk only [1, 18, 19, 90]. Soreness says nothing about how productive the workout was [25].""",
        "references": """- [1] Cheung K et al. (2003). Delayed onset muscle soreness. Sports Med.
- [2] Clarkson PM, Hubal MJ (2002). Exercise-induced muscle damage in humans.
- [6] Tufano JJ et al. (2012). Aerobic recovery intensity, delayed-onset muscle soreness and strength.
- [8] Doma K et al. (2019). A resistance training session and sub-maximal running performance.
- [12] Vickers AJ (1999). Ordinal and continuous measures of muscle soreness.
- [13] Impellizzeri FM, Maffiuletti NA (2007). A 7-point Likert scale of lower-limb muscle soreness.
- [18] Palos GR et al. (2006). Cut points for mild, moderate and severe pain.
- [19] Boonstra AM et al. (2016). Cut-off points on the pain NRS.
- [21] Maximal voluntary force as the marker of muscle damage (Warren 1999; Nosaka 2006, as cited).
- [22] Nosaka K et al. (2006). Isometric strength loss after eccentric exercise and other damage markers.
- [25] Schoenfeld BJ, Contreras B. Is postexercise muscle soreness a valid indicator of adaptation?""",
    },
    {
        "slug": "timing-after-leg-day",
        "title": "How long after leg day before hard running?",
        "summary": "Easy running the next day is fine for most; intervals, tempo, hills and long runs wait about 48 hours, or 72 for novices and unaccustomed sessions.",
        "topic": "timing",
        "body": """A hard lower-body session leaves fatigue that lasts beyond the soreness you feel: altered muscle recruitment, less efficient mechanics and lower fuel stores [36, 37]. The research points to the same practical answer.

- After a heavy six-repetition-maximum leg session, submaximal running cost more energy for **up to 48 hours**; the authors advise waiting at least 48 hours before quality running [8].
- A hundred drop jumps made a 30-minute time trial 4% slower two days later, mainly because the effort felt harder [38].
- Muscle damage hurts running economy at high intensity (around 90% of VO2max) while easy running is largely spared [39].

So **easy running the day after legs is compatible with the evidence**; the sessions to postpone are intervals, tempo, hills, races and long runs.

## Your wait depends on you and the session

RunReady calls a leg session *hard* when its session RPE is 7 or more, when its load (RPE x minutes) is at least 1.5 times your usual leg-day load, or when it was *unaccustomed* — your first leg day in four weeks, or a heavy eccentric exercise you had not done in that time. Then:

- **48 hours** before quality running for intermediate and trained lifters after a habitual session [8, 38];
- **72 hours** for novices (under three months of regular leg training) and for unaccustomed sessions: untrained people are still about 40% weaker on day three while trained people have recovered [9, 115-117];
- **24 hours** after a light session (a convention, not a study result).

Within six hours of the session, even easy running stays short: pairing strength and running that closely maximises interference [27, 35].

The four-week "unaccustomed" cut-off is deliberately cautious: the protection one session gives the next lasts weeks to months but fades [109-111].""",
        "references": """- [8] Doma K et al. (2019). A resistance training session and sub-maximal running performance.
- [9] Radaelli R et al. (2012). Time course of strength recovery after resistance exercise in women.
- [27] Schumann M et al. (2022). Compatibility of concurrent aerobic and strength training.
- [35] Robineau J et al. (2016). Effects of recovery duration between strength and aerobic work.
- [36] Doma K, Deakin GB, Bentley DJ (2017). Impaired endurance performance after resistance exercise.
- [38] Marcora SM, Bosio A (2007). Muscle damage and endurance running performance.
- [39] Assumpção CO et al. (2013). Exercise-induced muscle damage and running economy.
- [115] Newton MJ et al. (2008). Resistance-trained vs untrained responses to eccentric exercise.
- [116] Hackney KJ et al. (2008); [117] Dolezal BA et al. (2000). Soreness after eccentric-overload resistance training.""",
    },
    {
        "slug": "recovery-and-easy-runs",
        "title": "Recovery runs and easy runs: how easy, how long, and what to avoid",
        "summary": "Recovery run: CR-10 2, full sentences, 20-30 minutes. Easy run: conversational, 40-60 minutes. No downhill while quads or calves are sore.",
        "topic": "running",
        "body": """Most of an endurance athlete's running is easy anyway — about 80% of sessions in elite endurance athletes are below the first threshold [44, 49] — so an easy day after legs is not a concession.

## How easy

- **Recovery run**: session RPE 2 on the 0-10 scale, "easy: you can talk in full sentences without effort", roughly 70% of maximum heart rate or less [43-45].
- **Easy run**: RPE 3 at most, conversational, the talk test comfortable, roughly 75% of maximum heart rate or less [43-45].

## How long

There is no trial that sets the length of a recovery run; coaching sources put it at about 20-40 minutes [50, 51]. RunReady uses 20 minutes for novices and 30 for others at the recovery level, and 40, 50 or 60 minutes (novice, intermediate, trained) for easy runs — never longer than the run you planned. Light activity eases soreness for a while but does not speed up repair, so there is no reason to go longer [6, 52].

## What to avoid while legs recover

- Intervals, tempo, threshold work, races and strides: high-intensity running is where damaged muscles cost you most [38, 39].
- Hills — **downhill above all** — and trails with descents: running downhill loads quads and calves eccentrically and is the classic way to cause muscle damage [40-42]. When your quads or calves are at 4/10 or more, RunReady rules out downhill even on walks.
- Long runs: duration adds up [26].
- Jumps and plyometrics [38].

Prefer flat, even routes. If you would rather not run, the same time of easy cycling is a good swap: it carries far less eccentric load [26, 28].""",
        "references": """- [26] Wilson JM et al. (2012). Concurrent training: a meta-analysis.
- [28] Lundberg TR et al. (2022). Concurrent training and muscle fibre hypertrophy.
- [40] Bontemps B et al. (2020). Downhill running: effects and adaptations.
- [41] Eston RG et al. (1995); [42] Maeo S et al. (2017). Downhill running and leg muscle damage.
- [43] ACSM intensity classification (2018).
- [44] Seiler S (2010). Intensity distribution in endurance athletes.
- [45] Foster C et al. (2009). The talk test and exercise prescription.
- [50], [51] Coaching guidance on recovery-run length.
- [52] Zainuddin Z et al. (2006). Light concentric exercise: a temporary analgesic effect.""",
    },
    {
        "slug": "warm-up",
        "title": "Warm up, then check in with your legs",
        "summary": "On a 'train as planned' day after legs: 10-15 minutes easy, then re-check. Soreness that eases is fine; pain that stays or rises means go easy.",
        "topic": "running",
        "body": """General exercise guidance asks for about 5-10 minutes of light-to-moderate activity before the main effort, and up to 15 depending on age and fitness [53, 54].

When RunReady says **train as planned** in the days after a leg session, it adds a check:

1. Warm up for 10-15 minutes of easy running, plus a few drills.
2. Rate your soreness again at the end of the warm-up.
3. If it has eased, carry on with the session.
4. If it has not eased, or it has risen by 2 points or more, turn the session into an easy run.

Why this works: ordinary muscle soreness usually eases as you move, while injury pain usually does not [5]. A change of about 2 points on a 0-10 scale is the smallest change people tend to notice as meaningful [20].""",
        "references": """- [5] Houston Methodist (2020). Muscle soreness or a serious injury?
- [20] Farrar JT et al. (2001). Clinically important change in pain intensity on an 11-point scale.
- [53], [54] ACSM warm-up and cardiorespiratory training guidance.""",
    },
    {
        "slug": "sleep-and-wellness",
        "title": "Sleep, energy and your personal baseline",
        "summary": "Two quick ratings each morning. One poor score takes a step off the plan; two together take two steps.",
        "topic": "wellness",
        "body": """Short questionnaires about how you slept and how fresh you feel respond to training load more sensitively and consistently than most lab measures [75]. Team-sport and swimming programmes have used them for decades [69, 72, 74].

RunReady asks two of them: **sleep quality** (1 very poor to 5 very good) and **energy** (1 exhausted to 5 very fresh).

- A score of 2 or lower on either is a flag. Poor and short sleep has been linked with illness and injury [94, 95]; fatigue tracks the load you carry [75].
- Once you have 14 check-ins, RunReady also compares today with **your own** recent normal, as a z-score: how many standard deviations today sits below your average. One standard deviation below is a flag; two count as two flags [76-78]. Coaching systems commonly colour these amber and red [78].
- One flag lowers today's advice by one step (never below a recovery run). Two or more lower it by two steps (never below rest or walk) [69, 72, 75, 108].

Wellness can only make the advice easier, never harder. These cut-offs are conventions, not study results, so they are listed as such in "Why this advice?".

Whatever the scores: protect tonight's sleep and aim for your usual full night [94].""",
        "references": """- [69] Hooper SL, Mackinnon LT (1995). Monitoring overtraining in athletes.
- [72] McLean BD et al. (2010). Fatigue responses during different length between-match microcycles.
- [75] Saw AE, Main LC, Gastin PB (2016). Subjective self-reported measures vs objective measures.
- [76] Thornton HR et al. (2019). Developing athlete monitoring systems in team sports.
- [78] AthleteMonitoring. What is a z-score?
- [94] Walsh NP et al. (2021). Sleep and the athlete: expert consensus.
- [95] Milewski MD et al. (2014). Chronic lack of sleep and sports injuries in adolescents.
- [108] Kellmann M et al. (2018). Recovery and performance in sport: consensus statement.""",
    },
    {
        "slug": "load-and-acwr",
        "title": "Training load and the acute:chronic trend",
        "summary": "Session load is effort x minutes. The 7- vs 28-day trend is shown as a description, never as an injury prediction.",
        "topic": "load",
        "body": """## Session load

Foster's session-RPE method rates the whole session from 0 to 10 and multiplies by its minutes: an hour of leg work at RPE 8 is 480 arbitrary units (AU). It agrees with heart-rate methods across steady and interval sessions [46], and it works for strength training too [56], so leg days and runs share one currency. RunReady adds each day's load up and shows weekly load, distance and leg days.

## The acute:chronic trend

The acute:chronic workload ratio compares the last week's load with the last month's [57]. RunReady uses exponentially weighted averages (7 and 28 days), which give recent days more weight [60, 61], and only once you have logged 28 days.

The idea of a "sweet spot" (0.8-1.3) and a "danger zone" (1.5 and above) came mostly from team sports and cricket [57, 58]. It has been heavily criticised: the acute week is part of the chronic month, no study has shown a causal effect, and the ratio behaves much like acute load alone [62-64]. In novice runners, raising weekly distance by more than 30% was associated with more injuries, but not conclusively [59].

So RunReady treats it gently:

- It describes your trend in words ("more than your usual training lately") and **never presents it as an injury risk**.
- Above 1.5 it caps the day at an easy run and trims the duration to three quarters — it can only make the advice easier.
- Between 1.3 and 1.5, or below 0.8, it shows a note and changes nothing.""",
        "references": """- [46] Foster C et al. (2001). A new approach to monitoring exercise training.
- [56] Day ML et al. (2004). Session RPE during resistance training.
- [57] Gabbett TJ (2016). The training-injury prevention paradox.
- [58] Hulin BT et al. (2014). Spikes in acute workload and injury in cricket fast bowlers.
- [59] Nielsen RO et al. (2014). Weekly distance progression and running injuries in novices.
- [60] Williams S et al. (2017). A better way to determine the acute:chronic workload ratio?
- [61] Murray NB et al. (2017). Rolling averages vs EWMA for ACWR.
- [62]-[64] Criticisms of the ACWR (coupling; Impellizzeri et al. 2020).""",
    },
    {
        "slug": "nutrition-and-hydration",
        "title": "Eating and drinking after leg day",
        "summary": "Protein spread over the day, fluids until your urine is pale, carbohydrate when a run is coming soon.",
        "topic": "nutrition",
        "body": """## Protein

For most people who train, 1.4-2.0 g of protein per kilogram of body mass per day supports adaptation; per meal, about 0.25 g/kg (roughly 20-40 g) every 3-4 hours works well [96]. Add your body mass in Settings and RunReady shows your own grams. Protein helps you adapt to training; it does little for soreness itself.

## Fluids

Aim not to lose more than about 2% of body mass in sweat during a session, and replace what you lost afterwards: about one and a half times the weight lost, if you weighed yourself before and after [100, 101]. Pale-yellow urine is a simple target. Drinking also matters for safety: dark urine after a workout is a warning sign to act on, not to drink away — see the article on warning signs [82].

## Carbohydrate

After lifting alone, normal meals refill your stores. When a demanding run comes soon — within about 8 hours — eating carbohydrate steadily in the first hours (around 1-1.2 g per kg per hour) refills muscle glycogen faster [97-99]. RunReady adds this to your checklist when a run is planned for the day.

## Ice baths

Cold-water immersion lowers soreness a little, but used routinely after strength sessions it blunted strength and muscle gains over 12 weeks [102, 107]. If getting stronger is one of your goals, skip routine ice baths after leg day.""",
        "references": """- [82] CDC/NIOSH rhabdomyolysis guidance.
- [96] Jäger R et al. (2017). ISSN position stand: protein and exercise.
- [97] Kerksick CM et al. (2017). ISSN position stand: nutrient timing.
- [98] Wallis GA, Podlogar T (2022). Dietary carbohydrate and the endurance athlete.
- [100] Sawka MN et al. (2007). ACSM position stand: exercise and fluid replacement.
- [102] Dupuy O et al. (2018). Choosing post-exercise recovery techniques: a meta-analysis.
- [107] Roberts LA et al. (2015). Cold water immersion and strength training adaptations.""",
    },
    {
        "slug": "same-day-order",
        "title": "Lifting and running on the same day",
        "summary": "Separate them by at least a few hours; lift first if strength is the day's priority, run first or another day if the run is.",
        "topic": "timing",
        "body": """Doing endurance work alongside strength training can blunt strength and muscle gains a little — the *interference effect*. An early meta-analysis found running, more than cycling, behind it [26]. Newer analyses find the penalty small: no meaningful loss of maximal strength or muscle size overall, with a small loss of explosive strength that appeared only when both were done in the **same session** [27, 29]. Separating them by three hours or more removed it [27].

## Spacing

Strength gains were smaller when strength and aerobic work followed each other immediately than with 6 or 24 hours between them [35]. Reviews suggest separating the two by roughly 3-6 hours, and up to 24 hours where possible [30, 34]. RunReady keeps any run within six hours of a leg session easy and short.

## Order

When both happen in one session, lifting first gave larger lower-body strength gains than running first, with no difference in aerobic fitness [31]; a review of 15 trials found little difference in endurance outcomes either way [33]. The practical rule [34]:

- strength is the day's priority: lift first;
- the run is the key session: run first, or move it to another day — ideally 48 hours after a hard leg session (see "How long after leg day before hard running?").""",
        "references": """- [26] Wilson JM et al. (2012). Concurrent training: a meta-analysis.
- [27] Schumann M et al. (2022). Compatibility of concurrent aerobic and strength training.
- [29] Petré H et al. (2021). Maximal strength during concurrent training.
- [30] Murach KA, Bagley JR (2016). Hypertrophy with concurrent training.
- [31] Gao J, Yu L (2023). Concurrent training sequence, VO2max and lower-limb strength.
- [33] (2024). Training sequence and endurance performance: review of 15 RCTs.
- [34] Methenitis S (2018). A brief review on concurrent training.
- [35] Robineau J et al. (2016). Recovery duration between strength and aerobic exercise.""",
    },
]


def seed(apps, schema_editor):
    GuidanceArticle = apps.get_model("recovery", "GuidanceArticle")
    for order, article in enumerate(ARTICLES):
        GuidanceArticle.objects.get_or_create(
            slug=article["slug"], defaults={**article, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("recovery", "0002_seed_thresholds")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
