import type { Request } from 'express'
import { Router } from 'express'
import type { ModelCatalog } from '../../../models/model-catalog'
import { sendProtocolError } from '../protocol-errors'

/** A fixed date: Cloud Code does not say when a model appeared, and clients only display it. */
const CREATED_UNIX = 1706745600
const CREATED_ISO = new Date(CREATED_UNIX * 1000).toISOString()

/** Anthropic's SDK and Claude Code call the same path as OpenAI clients, always with this header. */
const isAnthropicClient = (req: Request): boolean => req.headers['anthropic-version'] !== undefined

const openAiModel = (id: string) => ({
  id,
  object: 'model',
  created: CREATED_UNIX,
  owned_by: 'agtray',
})

const anthropicModel = (id: string) => ({
  type: 'model',
  id,
  display_name: id,
  created_at: CREATED_ISO,
})

/**
 * `GET /v1/models` and `/v1/models/{id}` in OpenAI's shape, or Anthropic's for Anthropic clients:
 * the models the accounts really serve, and the user's own aliases.
 */
export function createModelListRouter(catalog: ModelCatalog): Router {
  const router = Router()
  router.get('/v1/models', (req, res) => {
    const names = catalog.names()
    if (isAnthropicClient(req)) {
      res.json({
        data: names.map(anthropicModel),
        has_more: false,
        first_id: names[0] ?? null,
        last_id: names.at(-1) ?? null,
      })
      return
    }
    res.json({ object: 'list', data: names.map(openAiModel) })
  })
  router.get('/v1/models/:model', (req, res) => {
    const id = String(req.params.model)
    const route = catalog.resolve(id)
    if (route.source === 'passthrough' && !catalog.names().includes(id)) {
      sendProtocolError(res, isAnthropicClient(req) ? 'anthropic' : 'openai', {
        status: 404,
        kind: 'not_found',
        code: 'model_not_found',
        message: `The model "${id}" is not served by any account; GET /v1/models lists those that are`,
      })
      return
    }
    res.json(isAnthropicClient(req) ? anthropicModel(id) : openAiModel(id))
  })
  return router
}
