"""Saving the answers of a section of questions (a theme, or Learning and enablers): each
answered, or marked "Not yet / not applicable" with an optional reason, and each recording
the version and wording of the question it answered. Called by services.section_save,
inside its transaction."""

from .models import Answer, ThemeReflection
from .sections import THEME

NOT_YET = "Not yet / not applicable"


def answer_read(answer) -> str:
    """An answer as a person reads it, on every page that shows one (the officer's summary,
    the researchers' lists and comparison): its text, or "Not yet / not applicable" and the
    reason the officer gave. Blank for no answer: each page says so in its own words."""
    if answer is None:
        return ""
    if answer.not_yet:
        return f"{NOT_YET}: {answer.not_yet_reason}" if answer.not_yet_reason else NOT_YET
    return answer.text


def answer_data(text: str, not_yet: bool, reason: str) -> tuple[str, bool, str]:
    """An answer as data (every export's columns), from its values (exports read values, not
    models): its text, whether it was marked "Not yet / not applicable", and the reason given
    (blank unless marked). The reason never goes into the text, so a researcher can tell
    "not answered", "answered" and "not yet (why)" apart."""
    return text, bool(not_yet), reason if not_yet else ""


def _theme_answers(*, section, data) -> dict[int, dict]:
    """{question id: {"text", "not_yet", "reason"}} for the section's questions (a bare
    string is an answer's text)."""
    questions = {q.pk for q in section.questions}
    answers = {}
    for pk, value in data["answers"].items():
        if pk not in questions:
            continue
        if isinstance(value, str):
            value = {"text": value}
        answers[pk] = {
            "text": value.get("text", ""),
            "not_yet": bool(value.get("not_yet")),
            "reason": value.get("reason", ""),
        }
    return answers


def theme_complete(*, section, data) -> bool:
    """Each question answered or marked "Not yet / not applicable"."""
    answers = _theme_answers(section=section, data=data)
    return all(
        answers.get(q.pk, {}).get("not_yet") or answers.get(q.pk, {}).get("text", "").strip()
        for q in section.questions
    )


def theme_write(*, submission, section, data, by) -> None:
    questions = {q.pk: q for q in section.questions}
    answers = _theme_answers(section=section, data=data)
    existing = {
        a.question_id: a
        for a in Answer.objects.filter(submission=submission, question_id__in=answers)
    }
    for pk, value in answers.items():
        question = questions[pk]
        fields = {
            "text": value["text"],
            "not_yet": value["not_yet"],
            "not_yet_reason": value["reason"],
            # The wording the officer was shown when they saved: the version they answered.
            "question_version": question.version,
            "question_text": question.text,
        }
        answer = existing.get(pk)
        if answer is None:
            if value["text"] or value["not_yet"]:
                Answer.objects.create(submission=submission, question=question, **fields)
            continue
        changed = [name for name, new in fields.items() if getattr(answer, name) != new]
        if changed:
            for name in changed:
                setattr(answer, name, fields[name])
            answer.save(update_fields=[*changed, "updated_at"])
    if section.kind == THEME:
        ThemeReflection.objects.update_or_create(
            submission=submission,
            theme=section.theme,
            defaults={"what_worked": data["what_worked"], "what_didnt": data["what_didnt"]},
        )
