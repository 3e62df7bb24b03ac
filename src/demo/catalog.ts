/** The fixed world the demo lives in: one account, its destinations, users, tenants and connector types. */

export interface ConnectorTypeInfo {
  id: string;
  officialName: string;
  /** CONNECTOR_TYPE.type */
  type: 'Database' | 'Application' | 'File' | 'Event' | 'Fivetran';
  /** Source tables a sync writes; schema-qualified for databases. */
  tables: readonly string[];
  /** Writes `extract_summary` with camelCase keys, as some connectors do. */
  camelCaseSummary: boolean;
}

export const CONNECTOR_TYPES: readonly ConnectorTypeInfo[] = [
  { id: 'salesforce', officialName: 'Salesforce', type: 'Application', tables: ['account', 'opportunity', 'contact', 'lead', 'user', 'campaign'], camelCaseSummary: false },
  { id: 'hubspot', officialName: 'HubSpot', type: 'Application', tables: ['company', 'contact', 'deal', 'engagement', 'owner'], camelCaseSummary: true },
  { id: 'postgres', officialName: 'PostgreSQL', type: 'Database', tables: ['public_orders', 'public_order_items', 'public_customers', 'public_invoices', 'public_events'], camelCaseSummary: false },
  { id: 'mysql', officialName: 'MySQL', type: 'Database', tables: ['app_users', 'app_sessions', 'app_payments', 'app_audit'], camelCaseSummary: false },
  { id: 'zendesk', officialName: 'Zendesk Support', type: 'Application', tables: ['ticket', 'ticket_comment', 'user', 'organization', 'satisfaction_rating'], camelCaseSummary: true },
  { id: 'google_ads', officialName: 'Google Ads', type: 'Application', tables: ['campaign_history', 'ad_group_history', 'ad_stats', 'keyword_stats'], camelCaseSummary: false },
  { id: 'netsuite_suiteanalytics', officialName: 'NetSuite SuiteAnalytics', type: 'Application', tables: ['transactions', 'transaction_lines', 'accounts', 'customers', 'items'], camelCaseSummary: false },
  { id: 'shopify', officialName: 'Shopify', type: 'Application', tables: ['order', 'order_line', 'product', 'customer', 'fulfillment'], camelCaseSummary: true },
  { id: 'stripe', officialName: 'Stripe', type: 'Application', tables: ['charge', 'customer', 'invoice', 'subscription', 'balance_transaction'], camelCaseSummary: false },
  { id: 'marketo', officialName: 'Marketo', type: 'Application', tables: ['lead', 'activity_send_email', 'campaign', 'program'], camelCaseSummary: false },
  { id: 'jira', officialName: 'Jira', type: 'Application', tables: ['issue', 'issue_field_history', 'project', 'sprint', 'comment'], camelCaseSummary: true },
  { id: 's3', officialName: 'Amazon S3', type: 'File', tables: ['events'], camelCaseSummary: false },
  { id: 'google_sheets', officialName: 'Google Sheets', type: 'File', tables: ['sheet1'], camelCaseSummary: false },
  { id: 'snowflake_db', officialName: 'Snowflake', type: 'Database', tables: ['analytics_daily_kpis', 'analytics_accounts', 'analytics_usage'], camelCaseSummary: false },
  { id: 'segment', officialName: 'Segment', type: 'Event', tables: ['tracks', 'identifies', 'pages'], camelCaseSummary: false },
  { id: 'fivetran_log', officialName: 'Fivetran Platform', type: 'Fivetran', tables: ['log', 'connection', 'incremental_mar', 'destination', 'user'], camelCaseSummary: false },
];

export function connectorType(id: string): ConnectorTypeInfo {
  const found = CONNECTOR_TYPES.find((type) => type.id === id);
  if (!found) throw new RangeError(`unknown connector type ${id}`);
  return found;
}

/** Connector types ordinary (non-scenario) connections are drawn from. */
export const ORDINARY_CONNECTOR_TYPES = CONNECTOR_TYPES.filter((type) => type.id !== 'fivetran_log');

/** A short, schema-friendly service name for connection names (`acme_salesforce`). */
export const SERVICE_SHORT_NAMES: Readonly<Record<string, string>> = {
  salesforce: 'salesforce',
  hubspot: 'hubspot',
  postgres: 'pg',
  mysql: 'mysql',
  zendesk: 'zendesk',
  google_ads: 'ads',
  netsuite_suiteanalytics: 'netsuite',
  shopify: 'shopify',
  stripe: 'stripe',
  marketo: 'marketo',
  jira: 'jira',
  s3: 's3',
  google_sheets: 'sheets',
  snowflake_db: 'snowflake',
  segment: 'segment',
};

export const ACCOUNT = { id: 'lumen_harbor', name: 'Pulse Demo Data Team', country: 'US', status: 'ACTIVE', createdAt: '2021-03-15T09:00:00.000Z' };

export interface DestinationInfo {
  id: string;
  name: string;
  region: string;
  destinationType: string;
}

export const DESTINATIONS: readonly DestinationInfo[] = [
  { id: 'exemplary_hare', name: 'Snowflake US', region: 'AWS_US_EAST_1', destinationType: 'snowflake' },
  { id: 'granite_otter', name: 'Snowflake EU', region: 'AWS_EU_CENTRAL_1', destinationType: 'snowflake' },
  { id: 'coral_vista', name: 'Snowflake APAC', region: 'AWS_AP_SOUTHEAST_2', destinationType: 'snowflake' },
];
export const [DEST_US, DEST_EU, DEST_APAC] = DESTINATIONS.map((d) => d.id) as [string, string, string];

export interface DemoUser {
  id: string;
  email: string;
  givenName: string;
  familyName: string;
}

export const USERS: readonly DemoUser[] = [
  { id: 'brave_lynx', email: 'maria.lopez@example.com', givenName: 'Maria', familyName: 'Lopez' },
  { id: 'silent_heron', email: 'tom.becker@example.com', givenName: 'Tom', familyName: 'Becker' },
  { id: 'amber_fox', email: 'priya.natarajan@example.com', givenName: 'Priya', familyName: 'Natarajan' },
  { id: 'rapid_wren', email: 'kenji.sato@example.com', givenName: 'Kenji', familyName: 'Sato' },
  { id: 'mellow_ibis', email: 'ops-bot@example.com', givenName: 'Ops', familyName: 'Automation' },
];

export interface DemoTenant {
  tenantId: string;
  tenantName: string;
  alertChannel: string | null;
  /** Where the tenant's data lands. */
  destinationId: string;
}

export const TENANTS: readonly DemoTenant[] = [
  { tenantId: 'acme', tenantName: 'Acme Inc.', alertChannel: '#acme-data', destinationId: DEST_US },
  { tenantId: 'acme_eu', tenantName: 'Acme Europe GmbH', alertChannel: '#acme-eu-data', destinationId: DEST_EU },
  { tenantId: 'globex', tenantName: 'Globex Corporation', alertChannel: '#globex-data', destinationId: DEST_US },
  // No channel of its own: its alerts go to the ops channel.
  { tenantId: 'initech', tenantName: 'Initech', alertChannel: null, destinationId: DEST_APAC },
];

/** Words for connection ids shaped like Fivetran's (`calendar_elected`). */
export const ID_ADJECTIVES = [
  'able', 'agile', 'amber', 'ample', 'arctic', 'azure', 'bold', 'brisk', 'calm', 'candid', 'cedar', 'civic', 'clever', 'cobalt', 'cosmic',
  'crisp', 'dapper', 'daring', 'dusky', 'eager', 'early', 'even', 'fabled', 'fancy', 'fleet', 'fluent', 'frank', 'gentle', 'gilded', 'glossy',
  'grand', 'hardy', 'hazel', 'honest', 'humble', 'ivory', 'jade', 'jolly', 'keen', 'kind', 'lively', 'lucid', 'lunar', 'mellow', 'merry',
  'misty', 'modest', 'noble', 'oaken', 'opal', 'placid', 'plucky', 'polar', 'proud', 'quaint', 'quick', 'rosy', 'rustic', 'sable', 'serene',
  'silky', 'sleek', 'snowy', 'solar', 'spry', 'stoic', 'sunny', 'swift', 'tawny', 'tidy', 'topaz', 'trusty', 'urban', 'vivid', 'warm', 'witty',
];
export const ID_NOUNS = [
  'acorn', 'anchor', 'aster', 'badger', 'beacon', 'birch', 'bison', 'breeze', 'brook', 'canyon', 'cedar', 'comet', 'condor', 'coral', 'crane',
  'delta', 'dune', 'ember', 'falcon', 'fern', 'fjord', 'forge', 'garnet', 'glade', 'grove', 'harbor', 'hawk', 'heron', 'iris', 'jetty',
  'kestrel', 'lagoon', 'lantern', 'lark', 'ledger', 'lotus', 'maple', 'meadow', 'mesa', 'nebula', 'orbit', 'otter', 'pebble', 'pine', 'prairie',
  'quarry', 'quill', 'raven', 'reef', 'ridge', 'river', 'saffron', 'sierra', 'sparrow', 'spruce', 'summit', 'tundra', 'valley', 'willow', 'zephyr',
];
