"""Cassette suite: every facade call replayed from recorded (or hand-assembled) HTTP traffic."""
