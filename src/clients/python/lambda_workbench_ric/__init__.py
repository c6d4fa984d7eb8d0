"""The pieces of the Lambda Workbench Python runtime client (standard library only, Python 3.8+)."""
