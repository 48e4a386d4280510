export function App(): React.JSX.Element {
  return (
    <main>
      <h1>agtray</h1>
      <p>The accounts and proxy screens are on their way.</p>
    </main>
  )
}
