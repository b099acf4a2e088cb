"""The second factor of staff sign-in: TOTP (django-otp's otp_totp) with ten single-use recovery
codes (otp_static). `devices` holds the rules, `middleware` enforces them on every admin URL,
`views` are the enrolment, challenge and administrator-reset screens."""
