import { describeMatrix } from './matrix.ts';

/**
 * Issue 24's fault matrix for a maintenance window: its reminder, start and end, each said exactly
 * once and in order under each fault (the table: matrix.ts); on PostgreSQL, its rows of the window.
 */
describeMatrix('window', 'lowdb');
describeMatrix('window', 'postgres');
