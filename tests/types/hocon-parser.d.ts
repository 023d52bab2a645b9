// Types for the HOCON parser the tests use to check the plugin config (the package ships none).
declare module '@pushcorn/hocon-parser' {
  const parser: { parse(options: { text: string; strict?: boolean }): Promise<unknown> };
  export default parser;
}
