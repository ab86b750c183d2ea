"""Email backends that behave like a mail server refusing or dropping the connection."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class TemporaryFailureBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPDataError(451, b"4.3.0 Try again later")


class ConnectionRefusedBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")
