"""allauth's code forms with a field a phone fills well: the number keyboard, the code the
phone offers from a text or an app, and no spell checking or capitals (MFA_FORMS)."""

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm

CODE_ATTRS = {
    "inputmode": "numeric",
    "autocomplete": "one-time-code",
    "autocapitalize": "off",
    "spellcheck": "false",
    "class": "code-input",
}


class _NumericCode:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = self.fields["code"].widget
        widget.attrs.pop("placeholder", None)
        widget.attrs.update(CODE_ATTRS)


class AuthenticateCodeForm(_NumericCode, AuthenticateForm):
    pass


class ReauthenticateCodeForm(_NumericCode, ReauthenticateForm):
    pass


class ActivateTOTPCodeForm(_NumericCode, ActivateTOTPForm):
    pass
