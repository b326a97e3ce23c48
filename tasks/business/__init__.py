"""Business vertical: rule-based decisions (claims, refunds, eligibility) over a database world."""
