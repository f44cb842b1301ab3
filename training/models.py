"""Training log (leg days, runs, planned runs): built in the training-log issue."""
