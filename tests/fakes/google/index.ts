export { startFakeGoogle } from './start-fake-google'
export { checkHistory } from './history-validation'
export type { HistoryContent } from './history-validation'
export {
  toolDeclarationError,
  toolDeclarationViolations,
  violationsError,
} from './tool-schema-validation'
export type { ToolViolation } from './tool-schema-validation'
export type {
  ConsentMode,
  FakeCall,
  FakeEndpoint,
  FakeGoogle,
  FakeGoogleOptions,
  FakeUser,
  GenerateContext,
  GenerateHandler,
  GenerateReply,
  RefreshFault,
} from './types'
