import { describeMatrix } from './matrix.ts';

/** Issue 24's fault matrix for the drain (the table and what it leaves out: matrix.ts). */
describeMatrix('drain', 'lowdb');
