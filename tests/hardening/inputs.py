"""The hardening tests' ordinary input: a trust's sexual-health page and the Meta Pixel call that
tells Meta about it (a health finding, so exit codes and reports have something to say)."""

PAGE = "https://www.example-trust.nhs.uk/services/sexual-health/hiv-testing"
PIXEL = ("https://www.facebook.com/tr/?id=1234567890&ev=PageView&dl="
         "https%3A%2F%2Fwww.example-trust.nhs.uk%2Fservices%2Fsexual-health%2Fhiv-testing")
