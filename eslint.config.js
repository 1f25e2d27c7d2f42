// Lint rules: typescript-eslint's recommended set, strict about unused code.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'cdk.out', '.shopdesk', 'coverage', 'dist'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // One place speaks DynamoDB (issue 17): the store. The local runner, benchmarks and tests may reach the table directly.
    files: ['functions/**', 'web/**', 'lib/**', 'bin/**'],
    ignores: ['functions/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/lib-dynamodb', '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb/*', '@aws-sdk/client-dynamodb/*'], message: 'Only functions/store/ speaks DynamoDB: add a function there.' },
          ],
        },
      ],
    },
  },
);
