// Public surface of src/datasets/http: the streaming download Response and its content negotiation.
export {
  createDatasetResponse,
  STREAM_SEQUENCE_HEADER,
  STREAM_SEQUENCE_METADATA_KEY,
  type DatasetResponseInput,
} from './dataset-response.js';
export { negotiateContentCoding, type ContentCoding } from './content-encoding.js';
