"""How the site names a person to researchers: the name they gave, else their email address.

Django's default is the username, which allauth makes from the email's local part ("j.smith"):
ambiguous between authorities and not what anyone calls themselves.
"""


def display_name(user) -> str:
    if user is None:
        return ""
    name = user.get_full_name().strip()
    return name or user.email or user.get_username()


def display_name_and_email(user) -> str:
    """'Jane Smith (jane@council.gov.uk)' where both are known, for lists researchers scan."""
    if user is None:
        return ""
    name = user.get_full_name().strip()
    return f"{name} ({user.email})" if name and user.email else display_name(user)
