"""The follow-up in the admin: rounds and their questions, responses, the conference and
revision proposals. The process leader's workplace for the follow-up."""
