import { describeMatrix } from './matrix.ts';

/** Issue 24's fault matrix on PostgreSQL: one throwaway cluster per scenario (the table: matrix.ts). */
describeMatrix('move', 'postgres');
describeMatrix('evacuation', 'postgres');
describeMatrix('drain', 'postgres');
