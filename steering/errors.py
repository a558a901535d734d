"""The steering app's refusal: a change the rules do not allow."""

from parties.services import NotAllowed


class SteeringError(NotAllowed):
    """A change the rules do not allow; the message is for the person who tried.

    A subclass of the parties app's error, so the parties admin shows it when a decision
    it takes cites a meeting paragraph that cannot be used.
    """
