/** How many people `usage.people` returns unless asked for more (the People screen's "Load more" adds as many). zod-free: the renderer imports it. */
export const PEOPLE_PAGE = 100
