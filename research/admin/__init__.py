"""The researchers' workspace in the admin; importing each module registers its ModelAdmins."""

from . import coding, double_coding, submissions, units  # noqa: F401
