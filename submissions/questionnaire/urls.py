"""The officer's area and their authority's submission, under /my/."""

from django.urls import path

from . import check, evidence, home, missions, outcomes, reminders, sections

OUTCOME = "submission/missions/<int:pk>/outcomes/<int:outcome_pk>/"
INDICATOR = OUTCOME + "indicators/<int:indicator_pk>/"

app_name = "questionnaire"

urlpatterns = [
    path("", home.dashboard, name="dashboard"),
    path("submission/", sections.task_list_page, name="task_list"),
    path("submission/about/", sections.about, name="about"),
    path("submission/missions/", missions.missions, name="missions"),
    path("submission/missions/add/", missions.mission_add, name="mission_add"),
    path("submission/missions/carry-over/", missions.carry_over, name="missions_carry_over"),
    path("submission/missions/<int:pk>/outcomes/add/", outcomes.outcome_add, name="outcome_add"),
    path(OUTCOME, outcomes.outcome_change, name="outcome_change"),
    path(OUTCOME + "indicators/add/", outcomes.indicator_add, name="indicator_add"),
    path(INDICATOR, outcomes.indicator_change, name="indicator_change"),
    path(INDICATOR + "readings/add/", outcomes.reading_add_page, name="reading_add"),
    path("submission/missions/<int:pk>/", missions.mission_change, name="mission_change"),
    path(
        "submission/missions/<int:pk>/remove/",
        missions.mission_remove_page,
        name="mission_remove",
    ),
    path(
        "submission/missions/<int:pk>/partners/<int:partner_pk>/remove/",
        missions.partner_remove_page,
        name="partner_remove",
    ),
    path("submission/themes/<slug:slug>/", sections.theme, name="theme"),
    path(
        "submission/themes/<slug:slug>/evidence/",
        evidence.theme_evidence,
        name="theme_evidence",
    ),
    path(
        "submission/missions/<int:pk>/evidence/",
        evidence.mission_evidence,
        name="mission_evidence",
    ),
    path(
        "submission/evidence/<int:pk>/remove/",
        evidence.evidence_remove_page,
        name="evidence_remove",
    ),
    path("evidence/<int:pk>/", evidence.evidence_file, name="evidence_file"),
    path("submission/learning/", sections.learning, name="learning"),
    path(
        "submission/national-government/",
        sections.national_government,
        name="national_government",
    ),
    path("submission/consent/", sections.consent, name="consent"),
    path("submission/check/", check.check, name="check"),
    path("submission/confirmation/", check.confirmation, name="confirmation"),
    path("submissions/<int:pk>/", home.submission_detail, name="submission_detail"),
    path("reminders/stop/<str:token>/", reminders.reminders_stop, name="reminders_stop"),
    path("submissions/<int:pk>/download/", home.submission_download, name="submission_download"),
]
