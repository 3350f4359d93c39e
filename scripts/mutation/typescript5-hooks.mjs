// Module resolution hook (see typescript5.mjs): `typescript` imported from a Stryker package
// resolves to the `typescript5` alias; every other import resolves as usual.
export async function resolve(specifier, context, next) {
  if (specifier === 'typescript' && context.parentURL?.includes('/node_modules/@stryker-mutator/')) {
    return next('typescript5', context);
  }
  return next(specifier, context);
}
