// Style sheets: a page imports its own for esbuild to bundle; the contact form takes its text into its Shadow DOM.
declare module '*.css' {
  const text: string;
  export default text;
}
