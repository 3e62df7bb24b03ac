/** A connection's page in Fivetran's dashboard: the link on its name, "Open in Fivetran", the CLI's detail. */
export function fivetranConnectionUrl(connectionId: string): string {
  return `https://fivetran.com/dashboard/connections/${encodeURIComponent(connectionId)}/status`;
}
