"""Every Rich rendering for people, so commands stay thin and nothing else imports Rich.

- `console`: the two consoles (stdout for output, stderr for errors and progress);
- `errors`: the one error printer (stderr, the message never read as markup, one line);
- `report`: the consensus report and the live transcript lines;
- `simulation`: the case-simulation screen, panels and help;
- `tools`: calculators, medication checks, guideline search;
- `tables`: bundled cases, API keys, benchmark results, batch summaries and progress.

Modules are imported where used: `render.errors` does not load the report's renderers.
"""
