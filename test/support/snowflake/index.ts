export {
  startSnowflakeStandIn,
  type RecordedAbort,
  type RecordedLogin,
  type RecordedRequest,
  type RecordedSession,
  type RecordedStatement,
  type SnowflakeBind,
  type SnowflakeStandIn,
  type SnowflakeStandInOptions,
  type StandInFault,
  type StandInUser,
  type StatementStatus,
} from './standIn';
export { publicKeyFingerprint } from './auth';
