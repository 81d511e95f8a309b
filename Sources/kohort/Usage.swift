/// The one usage text, printed by `--help` and after every usage error.
enum Usage {
    static let text = """
    kohort — a terminal data explorer for Norwegian register data

    Usage:
      kohort [options]                      open the terminal interface (default: on the built-in data)
          --ascii            pure ASCII drawing (also without a UTF-8 locale)
          --datastore DIR    a datastore directory (repeatable) instead of the built-in synthetic data
          --persons N        size of the built-in synthetic population
          --seed S           seed of the built-in synthetic population
      kohort search QUERY [options]         search the variable catalogue
          --register R       register or datastore (repeatable): SSB, Kreftregisteret, no.fhi.npr, …
          --product P        data product (repeatable)
          --cancer-form F    cancer form (repeatable): prostata, lunge, bryst, tykk-og-endetarm, …
          --category C       category (repeatable)
          --releasable       releasable variables only (kan utleveres)
          --valid-on DATE    variables with data on YYYY-MM-DD
          --limit N          show at most N rows (default 50; 0 = all)
          --datastore DIR    also search an imported datastore (repeatable; also for catalogue, describe)
          --json             JSON output (docs/json-output.md)
      kohort catalogue [--json]             registers → data products → variable counts
      kohort describe NAME [--json]         one variable (name or technical name), code list included
      kohort run FILE [options]             run a script of the command language (FILE may be - for stdin)
          --json             one JSON object per result (docs/json-output.md)
          --export DIR       also write each result to DIR: NNN-command.csv / .vl.json / .txt + index (docs/export.md)
          --datastore DIR    a datastore directory (repeatable); default: the built-in synthetic data
          --persons N        size of the built-in synthetic population
          --seed S           seed of the built-in synthetic population
          --quiet            no progress on stderr (first-time generation of a variable)
      kohort snippets [QUERY] [--json]      list the standard scripts (Assets/snippets/) matching QUERY
      kohort snippets --show NAME           print one snippet (pipe it to 'kohort run -')
      kohort application COHORT.json [options]
                                            a data application (JSON, docs/application.md) for a cohort
                                            saved by the Cohort pane (w; kohort.cohort/1, docs/cohort-format.md)
          --purpose TEXT     the purpose of the project
          --out FILE         write to FILE instead of standard output
          --datastore DIR    run the cohort on these datastores for its released size (repeatable)
          --persons N        size of the built-in synthetic population (when no --datastore)
          --seed S           seed of the built-in synthetic population
      kohort datastore validate DIR…        check microdata-tools deliveries (NAME/NAME.json + NAME.csv)
      kohort datastore import DIR… --into STORE --name NAME [--release-note TEXT]
                                            publish deliveries as a new datastore version
      kohort datastore build [--persons N] [--seed S] [--out DIR] [--quiet]
                                            generate every variable of the synthetic default eagerly
      kohort datastore export-columns DIR [--persons N]
                                            benchmark columns as raw arrays for Tests/bench/compare.py
      kohort datastore info [--datastore STORE…] [--json]
                                            datastores, versions, variables, rows, size
      kohort bench [GROUP…] [--persons N] [--runs N] [--json]
                                            groups: startup catalogue search import filter generate-command
                                            summarize tabulate collapse-merge histogram ols logit cox
                                            rdd cohort tui generate
      kohort --help | --version
    """
}
