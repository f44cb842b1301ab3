"""Guidance text that no longer contradicts the engine: numbers that are thresholds become
`[[key]]` tokens filled from the current thresholds when shown; fever routes to a clinician as
the engine does; Petré's finding and the "40 % weaker" study read as they are; and an article
on recovery aids (DOMAIN.md §6). Each edit applies only where the seeded words are still there,
so an admin's own rewording is kept."""

from django.db import migrations

EDITS = {
    "red-flags": [
        (
            "Fever, vomiting or feeling generally unwell alongside muscle pain also means no training today [87].",
            "Fever, vomiting or feeling generally unwell alongside muscle pain means no training and a doctor the same day [87]. Feeling confused, or passing no urine at all, is an emergency: call emergency services or go to the emergency department now [87].",
        ),
        (
            "- urine that is dark — like tea or cola — or much less urine than usual;",
            "- urine that is dark — like tea or cola — or much less urine than usual (no urine at all is an emergency);",
        ),
    ],
    "timing-after-leg-day": [
        (
            "intervals, tempo, hills and long runs wait about 48 hours, or 72 for novices and unaccustomed sessions.",
            "intervals, tempo, hills and long runs wait about [[t_quality_habitual_h]] hours, or [[t_quality_unaccustomed_h]] for novices and unaccustomed sessions.",
        ),
        (
            "when its session RPE is 7 or more, when its load (RPE x minutes) is at least 1.5 times your usual leg-day load,",
            "when its session RPE is [[hard_leg_rpe]] or more, when its load (RPE x minutes) is at least [[hard_leg_load_ratio]] times your usual leg-day load,",
        ),
        (
            "- **48 hours** before quality running for intermediate and trained lifters",
            "- **[[t_quality_habitual_h]] hours** before quality running for intermediate and trained lifters",
        ),
        (
            "- **72 hours** for novices (under three months of regular leg training) and for unaccustomed sessions: untrained people are still about 40% weaker on day three while trained people have recovered [9, 115-117];",
            "- **[[t_quality_unaccustomed_h]] hours** for novices (under three months of regular leg training) and for unaccustomed sessions: in one study of the arm muscles, untrained men were still about 40% weaker on day three while trained men had recovered [115], and soreness stayed up at 72 hours only in the untrained [116, 117] [9];",
        ),
        (
            "- **24 hours** after a light session (a convention, not a study result).",
            "- **[[t_quality_light_h]] hours** after a light session (a convention, not a study result).",
        ),
        (
            "Within six hours of the session, even easy running stays short:",
            "Within [[t1_hours]] hours of the session, even easy running stays short ([[t1_minutes]] minutes at most):",
        ),
    ],
    "recovery-and-easy-runs": [
        (
            "roughly 70% of maximum heart rate or less [43-45].",
            "heart rate at most about 70% of your maximum — a ceiling, not a target [43-45].",
        ),
        (
            "RunReady uses 20 minutes for novices and 30 for others at the recovery level, and 40, 50 or 60 minutes (novice, intermediate, trained) for easy runs",
            "RunReady uses [[recovery_minutes_novice]] minutes for novices and [[recovery_minutes]] for others at the recovery level, and [[easy_minutes_novice]], [[easy_minutes_intermediate]] or [[easy_minutes_trained]] minutes (novice, intermediate, trained) for easy runs",
        ),
        (
            "When your quads or calves are at 4/10 or more, RunReady rules out downhill even on walks.",
            "When your quads or calves are at [[soreness_moderate]]/10 or more, RunReady rules out downhill even on walks.",
        ),
    ],
    "same-day-order": [
        (
            "Newer analyses find the penalty small: no meaningful loss of maximal strength or muscle size overall, with a small loss of explosive strength that appeared only when both were done in the **same session** [27, 29].",
            "Newer analyses find the penalty small on average: no meaningful loss of maximal strength or muscle size, and a small loss of explosive strength only when both were done in the **same session** [27]. One exception matters for lifters: in people who were already strength-trained, lower-body maximal strength grew less when both were done in the **same session**, and barely less with separate sessions [29].",
        ),
        (
            "RunReady keeps any run within six hours of a leg session easy and short.",
            "RunReady keeps any run within [[t1_hours]] hours of a leg session easy and at most [[t1_minutes]] minutes.",
        ),
        (
            "ideally 48 hours after a hard leg session",
            "ideally [[t_quality_habitual_h]] hours after a hard leg session",
        ),
    ],
    "nutrition-and-hydration": [
        (
            "RunReady adds this to your checklist when a run is planned for the day.",
            "RunReady adds this to your checklist when a run is planned for the day, or a hard run for tomorrow.",
        ),
    ],
}

RECOVERY_AIDS = {
    "slug": "recovery-aids",
    "title": "Recovery aids: what helps, and what does not",
    "summary": "Sleep, protein and fluids matter most. Massage, foam rolling and compression can ease soreness; none of them speeds up repair, and routine ice baths can cost strength gains.",
    "topic": "recovery",
    "order": 10,
    "body": """Most of recovery is unglamorous: a full night's sleep, protein spread over the day and enough to drink [94-96, 100]. Everything below is optional, and worth knowing what it can and cannot do.

## Easy movement

A 10-20 minute easy walk or spin eases stiffness and soreness for a while afterwards, but strength and muscle damage recover at the same pace [52, 102]. It is for comfort, not repair.

## Massage

In a large pooled analysis, massage had the biggest effect on soreness and on feeling fatigued of all the methods compared [102]. The studies are small and the published ones lean positive, so expect some relief, not a cure [103].

## Foam rolling

Rolling after exercise brought small gains in sprint and strength scores and a moderate drop in how much soreness hurt [106]. One to two minutes per muscle is plenty.

## Compression garments

Compression tights reduced soreness moderately in pooled trials [104], but a later analysis of 19 trials found they did not protect strength [105]. Wear them if they feel good.

## Cold-water immersion

Ice baths lower soreness a little in pooled data [102]. Used as a routine after strength sessions, though, they blunted strength and muscle gains over 12 weeks [107]. If getting stronger is one of your goals, keep them for competition weeks, not for every leg day.

None of these changes RunReady's advice: the check-in asks how your legs are, whatever you did to help them.""",
    "references": """- [52] Zainuddin Z et al. (2006). Light concentric exercise and recovery from eccentric damage.
- [94] Walsh NP et al. (2021). Sleep and the athlete: expert consensus.
- [96] Jäger R et al. (2017). ISSN position stand: protein and exercise.
- [100] Sawka MN et al. (2007). ACSM position stand: exercise and fluid replacement.
- [102] Dupuy O et al. (2018). Choosing post-exercise recovery techniques: a meta-analysis.
- [103] PainScience critique of Dupuy 2018 (publication bias).
- [104] Hill J et al. (2014). Compression garments and recovery from exercise-induced muscle damage: a meta-analysis. Br J Sports Med.
- [105] (2022). Compression garments and recovery of muscle strength: systematic review and meta-analysis of 19 RCTs.
- [106] Wiewelhove T et al. (2019). Foam rolling and performance and recovery: meta-analysis.
- [107] Roberts LA et al. (2015). Cold water immersion and strength training adaptations.""",
}


def apply(apps, schema_editor):
    Article = apps.get_model("recovery", "GuidanceArticle")
    for slug, edits in EDITS.items():
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            continue
        for old, new in edits:
            article.body = article.body.replace(old, new)
            article.summary = article.summary.replace(old, new)
        article.save(update_fields=["body", "summary"])
    Article.objects.get_or_create(slug=RECOVERY_AIDS["slug"], defaults=RECOVERY_AIDS)


class Migration(migrations.Migration):
    dependencies = [("recovery", "0010_red_flag_trail")]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]


seed = apply  # the browser tests re-run it after a flush (tests/conftest.py `seeded`)
