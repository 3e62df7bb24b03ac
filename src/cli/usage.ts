export const CLI_USAGE = `Fivetran Pulse: is Fivetran moving every tenant's data?

Usage: npm run cli -- <command> [arguments] [options]

Commands
  status [connection]     every connection's health, or one connection in detail
  tenant <tenant_id>      one tenant's connections and alerts
  alerts                  the alerts that fire now (exit 1 when any do)
  errors [connection]     recent errors and warnings
  syncs [connection]      recent syncs, durations, syncs running now
  schema-changes          schema changes of the last 30 days
  mar                     monthly active rows this month, by tenant and connection
  api-calls [connection]  API calls and extract queries per day
  check                   the monitoring data's own health and freshness, and the Quickstart model
  analyze                 a report over a period: MAR trend, top errors, durations, API calls
  demo-data --out FILE    write a demo Platform Connector database (see demo-data --help)
  run-dashboard           post the morning dashboard once, then exit
  run-alerts              run the alert cycle once, then exit

Options
  --json                  machine-readable output on stdout
  --at <ISO time>         evaluate as of that instant (reproducible runs)
  --tenant <tenant_id>    only that tenant's connections
  --days <N>              the period of analyze and api-calls (default 30 and 14)
  --help                  this text

Exit codes: 0 success (alerts: none fire), 1 alerts fire, 2 bad input or the warehouse could not be read.`;
