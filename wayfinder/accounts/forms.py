"""Forms for signing in, the second factor and accepting an invitation. Rules about accounts
(password strength, usernames already taken) live in ``services``; these forms collect and tidy."""

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

CODE_REQUIRED = "Enter the 6-digit code from your authenticator app"


class SignInForm(forms.Form):
    username = forms.CharField(
        label="Username", max_length=150,
        error_messages={"required": "Enter your username"},
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label="Password", strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class MFACodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app", max_length=20,
        help_text="The 6-digit code changes every 30 seconds. Enter the one shown now.",
        error_messages={"required": CODE_REQUIRED},
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false",
            "class": "govuk-input--width-5 govuk-input--extra-letter-spacing",
        }),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("The code must be 6 numbers, for example 123456")
        return code


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter your first name"},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter your last name"},
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
    )
    username = forms.CharField(
        label="Create a username", max_length=150,
        help_text="You will use this to sign in. Use letters, numbers and @ . + - _ only, with no spaces.",
        error_messages={"required": "Enter a username", "max_length": "Username must be 150 characters or fewer"},
        validators=[UnicodeUsernameValidator(
            message="Username must only include letters, numbers and @ . + - _, with no spaces"
        )],
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label="Create a password", strip=False,
        help_text="Use at least 12 characters. A few unrelated words together make a strong password that is "
        "easy to remember. Do not use only numbers, a common password, or your name or username.",
        error_messages={"required": "Enter a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
