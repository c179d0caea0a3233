"""Tests of the facade core: client construction, auth, retries, errors, logging, cassettes."""
