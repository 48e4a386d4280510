import type { ReactNode } from 'react'
import { CopyButton } from '../components/copy-button'
import { useProxy } from '../stores/stores-context'

/** What to paste into each kind of client: OpenAI's SDKs expect the `/v1` in the base URL. */
export function baseUrlsFor(baseUrl: string): { name: string; url: string }[] {
  const base = baseUrl.replace(/\/+$/, '')
  return [
    { name: 'OpenAI', url: `${base}/v1` },
    { name: 'Anthropic', url: base },
    { name: 'Gemini', url: base },
  ]
}

export function BaseUrls(): ReactNode {
  const baseUrl = useProxy((state) => state.status?.base_url)
  if (!baseUrl) return null
  return (
    <section className="card" aria-labelledby="base-urls-heading">
      <h2 id="base-urls-heading">Base URLs</h2>
      <dl className="fields">
        {baseUrlsFor(baseUrl).map((entry) => (
          <div key={entry.name} className="field">
            <dt>{entry.name}</dt>
            <dd>
              <code>{entry.url}</code>
              <CopyButton text={entry.url} label={`Copy the ${entry.name} base URL`} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
