/*
 * Imported first by every entry point. Libraries such as graphql and express read NODE_ENV once,
 * when they are first loaded, and run slower development checks unless it says production (graphql
 * checks every instanceof for a second copy of itself). The configuration already defaults to
 * production; this makes the process say so too, unless told otherwise.
 */
process.env.NODE_ENV ??= 'production';
