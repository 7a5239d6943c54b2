import {
  BaseRecord,
  BaseResource,
  flat,
  ValidationError,
  type BaseProperty,
  type Filter,
  type ParamsType,
} from 'adminjs';
import type { ResourceMetadata } from '@adminjs/sql';
import type { Db } from '../db/connection.js';

type FindOptions = { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } };

// PostgreSQL's refusals (duplicates, checks, missing references) become form errors people can act on.
async function refusedAsValidation<T>(query: PromiseLike<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    const { code, detail, column } = error as { code?: string; detail?: string; column?: string };
    const messages: Record<string, string> = {
      '23505': `Another record already has this value${detail ? ` (${detail.replace(/^Key /, '')})` : ''}; choose another.`,
      '23514': 'A value is not one of those allowed; pick one from the list.',
      '23503': `A referenced record does not exist${detail ? ` (${detail.replace(/^Key /, '')})` : ''}; pick an existing one.`,
      '23502': `${column ?? 'A required field'} must be filled in.`,
    };
    const message = code ? messages[code] : undefined;
    if (message) throw new ValidationError(column ? { [column]: { message } } : {}, { message });
    throw error;
  }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A list request the back office refuses (a filter or sort on a column it does not offer); answered 400. */
export class BackOfficeInputError extends Error {
  override name = 'BackOfficeInputError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const textTypes = new Set(['text', 'varchar', 'bpchar', 'citext', 'name']);
const isDate = (value: unknown) => typeof value === 'string' && value !== '' && !Number.isNaN(Date.parse(value));

/**
 * One table as an AdminJS resource, on the columns @adminjs/sql read from the schema, with the
 * fixes TicketFlow needs over that adapter's own resource: filters that can use indexes (exact
 * matches for choice columns, open-ended date ranges, numbers checked before they reach SQL),
 * writes limited to real columns with jsonb values passed as JSON (adminjs#1690), `create`
 * returning the stored row with its id, a stable order (id breaks ties), and TicketFlow's own pool.
 */
export class TableResource extends BaseResource {
  private readonly columns: Map<string, BaseProperty>;
  private readonly idColumn: string;

  private readonly readable: string[];
  private readonly columnTypes: ReadonlyMap<string, string>;

  /**
   * `neverRead` columns (secrets, hashes, search vectors) are never read back — no page or API
   * answer carries them, and lists stay light — and never filtered or sorted on. `columnTypes` are
   * the PostgreSQL types, so each filter fits its column (text[] `tags`, jsonb, uuid…).
   */
  constructor(
    private readonly metadata: ResourceMetadata,
    private readonly db: Db,
    options: { neverRead?: readonly string[]; columnTypes?: ReadonlyMap<string, string> } = {},
  ) {
    super(metadata.tableName);
    this.columns = new Map(metadata.properties.map((p) => [p.path(), p]));
    this.idColumn = metadata.idProperty.path();
    const neverRead = options.neverRead ?? [];
    this.readable = [...this.columns.keys()].filter((c) => !neverRead.includes(c));
    this.columnTypes = options.columnTypes ?? new Map();
  }

  override databaseName(): string {
    return this.metadata.database;
  }

  override databaseType(): string {
    return 'Postgres';
  }

  override id(): string {
    return this.metadata.tableName;
  }

  override properties(): BaseProperty[] {
    return [...this.columns.values()];
  }

  override property(path: string): BaseProperty | null {
    return this.columns.get(path) ?? null;
  }

  private table() {
    return this.db(this.metadata.tableName);
  }

  private rows() {
    return this.table().select(this.readable);
  }

  private isChoice(path: string): boolean {
    return Boolean(this._decorated?.getPropertyByKey(path)?.availableValues());
  }

  /**
   * The columns a list may be filtered on: those the filter panel offers (or the search box's title
   * column), never a column that is not read back. Enforced here, on the server: a filter or search
   * on a hidden column (a secret, a hash, an internal field) could otherwise tell its contents one
   * guess at a time.
   */
  filterableColumns(): string[] {
    const title = this._decorated?.titleProperty()?.propertyPath;
    return [...new Set([...this.offeredFilterColumns(), ...(title && this.readable.includes(title) ? [title] : [])])];
  }

  /** The filter panel's columns that are real, readable columns (virtual form fields filter nothing). */
  offeredFilterColumns(): string[] {
    const offered = this._decorated?.getProperties({ where: 'filter' }).map((p) => p.propertyPath) ?? [];
    return offered.filter((c) => this.readable.includes(c));
  }

  /** The columns a list may be sorted by: the ones it shows, its default order, the title and the id. */
  private sortableColumns(): string[] {
    const decorated = this._decorated;
    const shown = decorated?.getProperties({ where: 'list' }).map((p) => p.propertyPath) ?? [];
    const extra = [decorated?.options.sort?.sortBy, decorated?.titleProperty()?.propertyPath, this.idColumn];
    return [...shown, ...extra].filter((c): c is string => Boolean(c) && this.readable.includes(c as string));
  }

  /** The rows a list filter selects. */
  filterQuery(filter: Filter | undefined) {
    const q = this.table();
    this.applyFilter(q, filter);
    return q;
  }

  private applyFilter(q: ReturnType<Db>, filter: Filter | undefined): void {
    const entries = Object.entries(filter?.filters ?? {});
    if (entries.length === 0) return;
    const allowed = this.filterableColumns();
    for (const [key, f] of entries) {
      if (!allowed.includes(key))
        throw new BackOfficeInputError(
          `filters.${key}`,
          `The ${this.id()} list cannot be filtered on "${key}"; it can be filtered on ${allowed.join(', ')}.`,
        );
      const property = this.property(key);
      if (!property) continue;
      this.applyOne(q, key, property.type(), f.value as unknown);
    }
  }

  // One filter, in the form its column's type needs; a value no row can have matches nothing.
  private applyOne(q: ReturnType<Db>, key: string, type: string, value: unknown): void {
    const pgType = this.columnTypes.get(key) ?? 'text';
    if (type === 'date' || type === 'datetime') {
      const range = (typeof value === 'object' && value !== null ? value : { from: value }) as {
        from?: unknown;
        to?: unknown;
      };
      if ((range.from && !isDate(range.from)) || (range.to && !isDate(range.to))) void q.whereRaw('false');
      if (range.from && isDate(range.from)) void q.where(key, '>=', String(range.from));
      if (range.to && isDate(range.to)) void q.where(key, '<=', String(range.to));
    } else if (pgType.startsWith('_')) {
      // An array column (tags): rows holding every one of the comma-separated values (GIN-indexable).
      const values = String(value)
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      if (values.length) void q.whereRaw(`?? @> ?::${pgType.slice(1)}[]`, [key, values]);
    } else if (type === 'number' || type === 'reference') {
      if (/^\d{1,10}$/.test(String(value))) void q.where(key, Number(value));
      else void q.whereRaw('false');
    } else if (type === 'float' || type === 'currency') {
      if (/^-?\d{1,15}(\.\d{1,10})?$/.test(String(value))) void q.where(key, Number(value));
      else void q.whereRaw('false');
    } else if (type === 'boolean') {
      void q.where(key, value === true || value === 'true');
    } else if (this.isChoice(key)) {
      void q.whereRaw('??::text = ?', [key, String(value)]);
    } else if (textTypes.has(pgType)) {
      void q.whereILike(key, `%${escapeLike(String(value))}%`);
    } else {
      // jsonb, uuid, inet and other types the adapter shows as text: compared as their text.
      void q.whereRaw('??::text ilike ?', [key, `%${escapeLike(String(value))}%`]);
    }
  }

  override async count(filter: Filter): Promise<number> {
    const [row] = await this.filterQuery(filter).count({ cnt: '*' });
    return Number(row?.cnt ?? 0);
  }

  override async find(filter: Filter, options: FindOptions): Promise<BaseRecord[]> {
    const q = this.rows();
    this.applyFilter(q, filter);
    if (options.limit) void q.limit(options.limit);
    if (options.offset) void q.offset(options.offset);
    // A form-only (virtual) column has nothing to sort by: ignored, as AdminJS offers no sorting on it.
    const sortBy = options.sort?.sortBy && this.property(options.sort.sortBy) ? options.sort.sortBy : undefined;
    if (sortBy && !this.sortableColumns().includes(sortBy))
      throw new BackOfficeInputError('sortBy', `The ${this.id()} list cannot be sorted by "${sortBy}".`);
    if (sortBy) void q.orderBy(sortBy, options.sort?.direction === 'asc' ? 'asc' : 'desc');
    // Equal sort keys need a tie-breaker, or rows move between pages.
    if (sortBy !== this.idColumn) void q.orderBy(this.idColumn, 'desc');
    const rows: ParamsType[] = await q;
    return rows.map((row) => new BaseRecord(row, this));
  }

  override async findOne(id: string): Promise<BaseRecord | null> {
    if (!this.validId(id)) return null;
    const row: ParamsType | undefined = await this.rows().where(this.idColumn, id).first();
    return row ? new BaseRecord(row, this) : null;
  }

  override async findMany(ids: (string | number)[]): Promise<BaseRecord[]> {
    const valid = ids.filter((id) => this.validId(String(id)));
    if (valid.length === 0) return [];
    const rows: ParamsType[] = await this.rows().whereIn(this.idColumn, valid);
    return rows.map((row) => new BaseRecord(row, this));
  }

  private validId(id: string): boolean {
    return this.metadata.idProperty.type() !== 'number' || /^\d{1,10}$/.test(id);
  }

  /** The payload reduced to this table's writable columns, in the shapes PostgreSQL accepts. */
  columnValues(params: ParamsType): Record<string, unknown> {
    const values = flat.unflatten<ParamsType, Record<string, unknown>>(params);
    const row: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      const property = this.property(key);
      if (!property || property.isId() || !property.isEditable()) continue;
      if (property.type() === 'key-value')
        row[key] = value === null || value === '' ? null : typeof value === 'string' ? value : JSON.stringify(value);
      else if (value === '' && property.type() !== 'string') row[key] = null;
      else row[key] = value;
    }
    return row;
  }

  override async create(params: ParamsType): Promise<ParamsType> {
    const [row] = await refusedAsValidation(this.table().insert(this.columnValues(params)).returning(this.readable));
    return row;
  }

  override async update(id: string, params: ParamsType): Promise<ParamsType> {
    const values = this.columnValues(params);
    if (Object.keys(values).length > 0) await refusedAsValidation(this.table().where(this.idColumn, id).update(values));
    return this.rows().where(this.idColumn, id).first();
  }

  override async delete(id: string): Promise<void> {
    await this.table().where(this.idColumn, id).delete();
  }
}
