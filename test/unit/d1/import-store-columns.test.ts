import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { FIT_FILE_COLUMNS } from '../../../src/adapters/d1/import-store';
import { fitFiles } from '../../../src/adapters/d1/schema';

describe('commitImports fit_files insert', () => {
  // The insert is written as SQL (no drizzle per file): a column added to the schema must be added there too.
  it('binds every fit_files column of the schema, once', () => {
    const schemaColumns = Object.values(getTableColumns(fitFiles)).map((c) => c.name).sort();
    expect([...FIT_FILE_COLUMNS].sort()).toEqual(schemaColumns);
  });
});
