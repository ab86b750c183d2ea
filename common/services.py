"""Write helpers every app's services share."""

from django.db import models


def model_update(
    *, instance: models.Model, fields: list[str], data: dict
) -> tuple[models.Model, bool]:
    """Set each of `fields` found in `data` on `instance` and save only those that changed
    (and `updated_at` where the model has one). Returns the instance and whether it changed."""
    changed = [
        field for field in fields if field in data and getattr(instance, field) != data[field]
    ]
    for field in changed:
        setattr(instance, field, data[field])
    if changed:
        if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
            changed.append("updated_at")
        instance.full_clean(
            exclude=[f.name for f in instance._meta.fields if f.name not in changed]
        )
        instance.save(update_fields=changed)
    return instance, bool(changed)
