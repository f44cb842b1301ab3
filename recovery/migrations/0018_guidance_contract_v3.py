"""Guidance for contract v3 (DOMAIN.md §8.4/§8.5): an ordinary illness is not a red flag, RF8 as
it now reads, the wellness z-score from sleep and energy only and never beside W1/W2, and the
soreness bands, the skipped-answer default and the load numbers as `[[key]]` tokens filled from
the thresholds in force. Each article names the rules and checklist items it explains (its
"Read more" links), and lists every reference those rules cite. Each text edit applies only
where the seeded words are still there, so an admin's own rewording is kept."""

from django.db import migrations

EDITS = {
    "red-flags": [
        (
            "Fever, vomiting or feeling generally unwell alongside muscle pain means no training and a doctor the same day [87].",
            "Fever, vomiting or feeling generally unwell alongside muscle pain — soreness of [[soreness_moderate]]/10 or more, or another warning sign — means no training and a doctor the same day [87]. "
            "Without that muscle pain it is an ordinary illness, not this picture: no running, rest or walk only, and back once you have been 24 hours without fever; see a doctor if it lasts more than three days or gets worse. "
            "RunReady does not alert your coach for an ordinary illness; your coach's list shows you as unwell.",
        ),
        (
            "Soreness that is still severe four days after the session, gets worse again after the third day, or lingers beyond a week is not following the normal course; RunReady asks you to get it checked [1, 3-5, 20, 87].",
            "Soreness that is still severe ([[soreness_severe]]/10 or more) four days after the session, rises by two points or more between two check-ins after the third day with no run or leg session between them, or stays moderate ([[soreness_moderate]]/10 or more) on every check-in for more than a week is not following the normal course; RunReady asks you to get it checked [1, 3-5, 20, 87]. "
            "A steady mild ache, the kind many runners carry in a calf for weeks of training, is not this. RunReady counts each check-in for the day it is for, so one added later from the history is read as of that day.",
        ),
    ],
    "doms-and-soreness": [
        (
            "- **1-3 mild**: you notice it on stairs or when pressed, but you move normally;\n"
            "- **4-6 moderate**: it hurts in everyday movement and eases as you move around;\n"
            "- **7-10 severe**: it limits movement or hurts at rest [18, 19].",
            "- **1-[[mild_high]] mild**: you notice it on stairs or when pressed, but you move normally;\n"
            "- **[[soreness_moderate]]-[[moderate_high]] moderate**: it hurts in everyday movement and eases as you move around;\n"
            "- **[[soreness_severe]]-10 severe**: it limits movement or hurts at rest [18, 19, 119].",
        ),
        (
            "A question you skip counts as 4: when RunReady does not know, it stays cautious.",
            "Until you check in, a muscle group counts as [[soreness_moderate]] (moderate) if you had a leg day in the last seven days: when RunReady does not know, it stays cautious. Without a leg day that week it counts as none.",
        ),
    ],
    "sleep-and-wellness": [
        (
            "- A score of 2 or lower on either is a flag.",
            "- A score of [[wellness_low]] or lower on either is a flag.",
        ),
        (
            "- Once you have 14 check-ins, RunReady also compares today with **your own** recent normal, as a z-score: how many standard deviations today sits below your average. One standard deviation below is a flag; two count as two flags [76-78].",
            "- Once you have 14 check-ins, RunReady also compares today's sleep and energy with **your own** recent normal, as a z-score: how many standard deviations today sits below your average. A z-score of [[wellness_z_flag]] or lower is a flag, [[wellness_z_double]] or lower counts as two [76-78]. It counts only when neither answer was low on its own, so one poor night is never counted twice; soreness is left out, as the soreness rules already judge it.",
        ),
    ],
    "load-and-acwr": [
        (
            "- Above 1.5 it caps the day at an easy run and trims the duration to three quarters — it can only make the advice easier.",
            "- Above [[acwr_high]] it caps the day at an easy run and trims the duration (to [[acwr_duration_factor]] of it) — it can only make the advice easier.",
        ),
        (
            "- Between 1.3 and 1.5, or below 0.8, it shows a note and changes nothing.",
            "- Between [[acwr_band_high]] and [[acwr_high]], or below [[acwr_band_low]], it shows a note and changes nothing.",
        ),
    ],
}

# References the rules cite that their article did not list (DOMAIN.md §9, shortened).
REFERENCES = {
    "red-flags": [
        "- [3] Delayed onset muscle soreness: characteristics (summary).",
        "- [4] Novant Health. Soreness vs. pain: why you need to know the difference.",
        "- [20] Farrar JT et al. (2001). Clinical importance of changes in pain intensity on an 11-point scale.",
        "- [85] Scalco RS et al. (2016). Exertional rhabdomyolysis: physiological response or manifestation of an underlying myopathy?",
        "- [86] Fernandes PM, Davenport RJ (2018). How to do it: investigate exertional rhabdomyolysis (or not).",
        "- [92] Bone stress injuries in runners: focal pain that worsens with running (clinic guidance).",
    ],
    "doms-and-soreness": [
        "- [38] Marcora SM, Bosio A (2007). Effect of exercise-induced muscle damage on endurance running performance.",
        "- [90] Houston Methodist (2020). Near-normal strength and range of motion suggest plain DOMS.",
        "- [119] Boonstra AM et al. (2014). Cut-off points for mild, moderate and severe pain in chronic musculoskeletal pain.",
    ],
    "sleep-and-wellness": [
        "- [77] A practitioner's guide to wellness baselines and z-scores.",
    ],
}

# Which article explains which rules and checklist items (the "Read more" and "Why" links).
RULES = {
    "red-flags": "RF1 RF2 RF3 RF4 RF5 RF6 RF7 RF8 I1 stop_and_seek_care",
    "doms-and-soreness": "F1 S1 S2 S2b S3 repeated_bout",
    "timing-after-leg-day": "T1 T2 T3 T4",
    "recovery-and-easy-runs": "S4 G2",
    "warm-up": "G1",
    "sleep-and-wellness": "W1 W2 W3 W4 sleep",
    "load-and-acwr": "A1 A2 A3",
    "nutrition-and-hydration": "protein fluids carbs",
    "recovery-aids": "easy_movement comfort_aids skip_ice_baths",
}


def apply(apps, schema_editor):
    Article = apps.get_model("recovery", "GuidanceArticle")
    for slug, edits in EDITS.items():
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            continue
        for old, new in edits:
            article.body = article.body.replace(old, new)
        article.save(update_fields=["body"])
    for slug, lines in REFERENCES.items():
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            continue
        missing = [line for line in lines if line.split("]")[0] + "]" not in article.references]
        article.references = "\n".join([article.references.rstrip(), *missing]).strip()
        article.save(update_fields=["references"])
    for slug, rules in RULES.items():
        Article.objects.filter(slug=slug, rules="").update(rules=rules)


class Migration(migrations.Migration):
    dependencies = [("recovery", "0017_guidance_rules")]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]


seed = apply  # the browser tests re-run it after a flush (tests/conftest.py `seeded`)
