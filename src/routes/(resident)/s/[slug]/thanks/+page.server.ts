import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url }) => ({ slug: params.slug, used: url.searchParams.has('used') });
