"""The Qt application shell: start-up, the controller between worker threads and screens, screens and windows,
the log-in session, alarm annunciation, sound and translations."""
