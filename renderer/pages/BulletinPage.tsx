import { Planned } from '../components/Planned';

export default function BulletinPage() {
  return <Planned title="通报" items={['由台账数据自动起草月度通报', '按 GB/T 9704 公文格式排版、打印', '导出 PDF、Word（.docx）、Excel（.xlsx）']} />;
}
