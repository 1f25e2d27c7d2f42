// Gives every zod schema .openapi(), so that it can carry its OpenAPI name and examples. Imported for that effect alone:
// re-exporting the zod namespace from here would keep all of zod (every locale) in each bundle.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';

extendZodWithOpenApi({ ZodType: z.ZodType } as Parameters<typeof extendZodWithOpenApi>[0]);
