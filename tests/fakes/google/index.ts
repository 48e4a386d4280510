export { startFakeGoogle } from './start-fake-google'
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
