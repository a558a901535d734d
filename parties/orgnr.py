"""Swedish organisation numbers: validated with python-stdnum, stored as NNNNNN-NNNN."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.se import orgnr


def normalise(value: str) -> str:
    """Return the number as NNNNNN-NNNN, or raise ValidationError saying what is wrong."""
    raw = (value or "").strip()
    try:
        compact = orgnr.validate(raw)
    except InvalidLength:
        raise ValidationError(
            _("An organisation number has ten digits, for example 802400-1235."),
            code="length",
        ) from None
    except InvalidFormat:
        raise ValidationError(
            _("Write the organisation number with digits only, for example 802400-1235."),
            code="format",
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            _(
                "The organisation number %(number)s is not valid: its last digit (the check "
                "digit) does not match. Check for a mistyped digit."
            ),
            params={"number": raw},
            code="checksum",
        ) from None
    # A legal person's number has 20 or more in the "month" digits; lower means a
    # personal identity number, which must never be published in the register.
    if int(compact[2]) < 2:
        raise ValidationError(
            _(
                "This looks like a personal identity number. Give the organisation's own "
                "organisation number; its third digit is 2 or higher."
            ),
            code="personal_number",
        )
    return orgnr.format(compact)
