import { z } from 'zod'

// zod compiles object parsers with `new Function` unless told not to, and decides so when each schema is
// built. The page's CSP forbids eval (even the probe is reported as a violation), so this module is imported
// before anything that builds a schema.
z.config({ jitless: true })
