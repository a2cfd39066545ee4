"""Ballots: questions and elections put to a council's members, its delegates, or every
member below it, with secret choices, receipts and results per council at every level."""
