"""Staff screens in the Wagtail admin. Views here call backoffice.services and selectors;
they hold no business rules of their own."""
