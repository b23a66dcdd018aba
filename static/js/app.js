// Small page scripts for healthcheck (autosave, progress); served at /static/js/app.js.
