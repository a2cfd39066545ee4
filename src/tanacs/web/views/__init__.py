"""The pages of tanacs, one small module per subject."""
