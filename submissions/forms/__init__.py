"""The questionnaire's forms: `base` (what every section form shares, and conflicts),
`sections` (one per section page), `missions` (the missions pages) and `declaration`.

Drafts may be partial, so no answer is required to save; limits are checked, and text is
cleaned by common.text. Every section form carries the version of the section it was loaded
with (see services.section_save).
"""
