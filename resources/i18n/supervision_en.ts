<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
  <context>
    <name>AcceptanceDialog</name>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="319" />
      <source>受理决定</source>
      <translation>Acceptance decision</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="319" />
      <source>提交决定</source>
      <translation>Submit decision</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="323" />
      <source>受理</source>
      <translation>Accept</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="324" />
      <source>不予受理</source>
      <translation>Not accepted</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="332" />
      <source>决定</source>
      <translation>Decision</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="333" />
      <source>不予受理理由</source>
      <translation>Reason for not accepting</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="338" />
      <source>不予受理须说明理由</source>
      <translation>Not accepting needs a reason</translation>
    </message>
  </context>
  <context>
    <name>AlarmQueueBar</name>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="298" />
      <source>监督处置：</source>
      <translation>Supervision:</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="299" />
      <location filename="../../console/views/supervision_actions.py" line="360" />
      <source>下达整改…</source>
      <translation>Order rectification…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="300" />
      <location filename="../../console/views/supervision_actions.py" line="361" />
      <source>撤销告警…</source>
      <translation>Cancel alarm…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="301" />
      <location filename="../../console/views/supervision_actions.py" line="362" />
      <source>记录问责…</source>
      <translation>Record sanction…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="328" />
      <source>请先在队列中选择一条告警</source>
      <translation>Select an alarm in the queue first</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="333" />
      <source>当前值班：{name}（{role}）</source>
      <translation>On duty: {name} ({role})</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="355" />
      <source>查看办件</source>
      <translation>Open case</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="365" />
      <source>请先选择一条告警</source>
      <translation>Select an alarm first</translation>
    </message>
  </context>
  <context>
    <name>ChoiceDialog</name>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="371" />
      <source>回访满意度</source>
      <translation>Call-back satisfaction</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="371" />
      <source>投诉人评价</source>
      <translation>Complainant's rating</translation>
    </message>
  </context>
  <context>
    <name>ComplaintDialog</name>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="292" />
      <source>登记效能投诉</source>
      <translation>Register a complaint</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="292" />
      <source>登记</source>
      <translation>Register</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="297" />
      <source>投诉渠道</source>
      <translation>Channel</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="298" />
      <source>投诉人</source>
      <translation>Complainant</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="299" />
      <source>联系方式</source>
      <translation>Contact</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="300" />
      <source>被投诉单位</source>
      <translation>Unit complained of</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="300" />
      <source>（不指定）</source>
      <translation>(none)</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="301" />
      <source>被投诉人</source>
      <translation>Person complained of</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="302" />
      <source>可选</source>
      <translation>optional</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="303" />
      <source>投诉内容</source>
      <translation>Complaint</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="303" />
      <source>投诉事项与诉求</source>
      <translation>What happened and what is asked</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="307" />
      <source>请填写投诉人</source>
      <translation>Enter the complainant</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="309" />
      <source>请填写投诉内容</source>
      <translation>Enter the complaint</translation>
    </message>
  </context>
  <context>
    <name>ComplaintsTab</name>
    <message>
      <location filename="../../console/views/supervision.py" line="329" />
      <source>登记投诉…</source>
      <translation>Register complaint…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="330" />
      <source>刷新</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="347" />
      <source>受理决定…</source>
      <translation>Decide acceptance…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="348" />
      <source>调查记录…</source>
      <translation>Investigation note…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="349" />
      <source>延期…</source>
      <translation>Extend…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="350" />
      <source>答复投诉人…</source>
      <translation>Reply to complainant…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="351" />
      <source>回访…</source>
      <translation>Call back…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="352" />
      <location filename="../../console/views/supervision.py" line="505" />
      <source>办结</source>
      <translation>Close</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="360" />
      <location filename="../../console/views/supervision.py" line="419" />
      <source>四不放过</source>
      <translation>Four conditions (四不放过)</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="369" />
      <source>记录…</source>
      <translation>Record…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="411" />
      <source>（受理）</source>
      <translation> (acceptance)</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="411" />
      <source>（答复）</source>
      <translation> (reply)</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="417" />
      <source>倒计时</source>
      <translation>Countdown</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="417" />
      <source>编号</source>
      <translation>No.</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="417" />
      <source>渠道</source>
      <translation>Channel</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="417" />
      <source>投诉人</source>
      <translation>Complainant</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="417" />
      <source>被投诉单位</source>
      <translation>Unit complained of</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="418" />
      <source>被投诉人</source>
      <translation>Person complained of</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="418" />
      <source>登记时间</source>
      <translation>Registered</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="418" />
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="418" />
      <source>期限</source>
      <translation>Limit</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="419" />
      <source>满意度</source>
      <translation>Satisfaction</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="419" />
      <source>投诉内容</source>
      <translation>Complaint</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="422" />
      <source>投诉 {n} 起：在办 {o} 起（红灯 {r}），已办结 {c} 起</source>
      <translation>{n} complaints: {o} open ({r} red), {c} closed</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="450" />
      <source>选择一起投诉</source>
      <translation>Select a complaint</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="456" />
      <source>投诉 #{id}（{channel}）· {status}</source>
      <translation>Complaint #{id} ({channel}) · {status}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="458" />
      <source>投诉人：{v}  {contact}</source>
      <translation>Complainant: {v}  {contact}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="459" />
      <source>被投诉：{unit} {person}  办件：{case}</source>
      <translation>Against: {unit} {person}  Case: {case}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="462" />
      <source>内容：{v}</source>
      <translation>Complaint: {v}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="463" />
      <source>受理期限 {a}；答复期限 {r}（{n} 个工作日）</source>
      <translation>Accept by {a}; reply by {r} ({n} working days)</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="466" />
      <source>延期理由：{v}</source>
      <translation>Extension reason: {v}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="468" />
      <source>不予受理理由：{v}</source>
      <translation>Not accepted because: {v}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="470" />
      <source>答复：{v}</source>
      <translation>Reply: {v}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="472" />
      <source>回访满意度：{v}</source>
      <translation>Call-back satisfaction: {v}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="477" />
      <source>✔ {who} {when}：{evidence}</source>
      <translation>✔ {who} {when}: {evidence}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="481" />
      <source>✘ 未落实</source>
      <translation>✘ not met</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="483" />
      <source>调查记录 {when} {who}：{text}</source>
      <translation>Note {when} {who}: {text}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="492" />
      <source>只有待受理的投诉需要受理决定</source>
      <translation>Only a complaint awaiting acceptance needs a decision</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="493" />
      <location filename="../../console/views/supervision.py" line="499" />
      <location filename="../../console/views/supervision.py" line="507" />
      <source>选择一起在办的投诉</source>
      <translation>Select an open complaint</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="495" />
      <source>只能在答复前延期一次</source>
      <translation>Can be extended once, before the reply</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="496" />
      <source>受理后才能答复</source>
      <translation>Reply after acceptance</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="497" />
      <source>答复后才能回访</source>
      <translation>Call back after the reply</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="502" />
      <source>办结（四不放过缺 {n} 项）</source>
      <translation>Close ({n} of 四不放过 missing)</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="503" />
      <source>尚未落实：{v}</source>
      <translation>Not met yet: {v}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="511" />
      <source>投诉 #{id} · {who} · {unit}</source>
      <translation>Complaint #{id} · {who} · {unit}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="518" />
      <source>投诉已登记</source>
      <translation>Complaint registered</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="528" />
      <source>投诉 #{id} 已作出受理决定</source>
      <translation>Acceptance of complaint #{id} decided</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="534" />
      <source>调查记录</source>
      <translation>Investigation note</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="534" />
      <source>记录</source>
      <translation>Note</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="534" />
      <source>保存</source>
      <translation>Save</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="535" />
      <source>调查、转办或约谈情况</source>
      <translation>Investigation, transfer or interview</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="537" />
      <source>已保存调查记录</source>
      <translation>Note saved</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="543" />
      <source>延长答复期限（30 → 60 个工作日）</source>
      <translation>Extend the reply limit (30 → 60 working days)</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="543" />
      <source>延期理由</source>
      <translation>Reason for the extension</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="544" />
      <source>延期</source>
      <translation>Extend</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="544" />
      <source>案情复杂的具体理由</source>
      <translation>Why the case is complex</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="546" />
      <source>投诉 #{id} 答复期限已延长</source>
      <translation>Reply limit of complaint #{id} extended</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="552" />
      <source>答复投诉人</source>
      <translation>Reply to the complainant</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="552" />
      <source>答复内容</source>
      <translation>Reply</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="552" />
      <source>答复</source>
      <translation>Reply</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="554" />
      <source>已答复投诉 #{id}</source>
      <translation>Complaint #{id} replied</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="562" />
      <source>已记录回访满意度</source>
      <translation>Satisfaction recorded</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="571" />
      <source>已记录：{c}</source>
      <translation>Recorded: {c}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="586" />
      <source>投诉 #{id} 已办结</source>
      <translation>Complaint #{id} closed</translation>
    </message>
    <message>
      <source>待受理</source>
      <translation>awaiting acceptance</translation>
    </message>
    <message>
      <source>已受理</source>
      <translation>accepted</translation>
    </message>
    <message>
      <source>不予受理</source>
      <translation>Not accepted</translation>
    </message>
    <message>
      <source>已答复</source>
      <translation>replied</translation>
    </message>
    <message>
      <source>已办结</source>
      <translation>closed</translation>
    </message>
  </context>
  <context>
    <name>ConditionDialog</name>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="346" />
      <source>四不放过：{c}</source>
      <translation>四不放过: {c}</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="346" />
      <source>记录已落实</source>
      <translation>Record as met</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="347" />
      <source>落实人</source>
      <translation>Met by</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="348" />
      <source>证明材料</source>
      <translation>Evidence</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="348" />
      <source>文号、记录或材料说明</source>
      <translation>Document no., record or description</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="352" />
      <source>请填写证明材料</source>
      <translation>Enter the evidence</translation>
    </message>
  </context>
  <context>
    <name>DrilldownSupervisionPanel</name>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="400" />
      <source>问责记录</source>
      <translation>Accountability record</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="405" />
      <source>下达整改…</source>
      <translation>Order rectification…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="406" />
      <source>撤销告警…</source>
      <translation>Cancel alarm…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="407" />
      <source>记录问责…</source>
      <translation>Record sanction…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="440" />
      <source>问责记录 — {unit}</source>
      <translation>Accountability record — {unit}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="452" />
      <source>本案监督</source>
      <translation>Supervision of this case</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="453" />
      <source>正在加载…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="471" />
      <source>决定日期</source>
      <translation>Decided</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="471" />
      <source>处理</source>
      <translation>Sanction</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="471" />
      <source>责任人</source>
      <translation>Person</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="471" />
      <source>岗位</source>
      <translation>Role</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="471" />
      <location filename="../../console/views/supervision_actions.py" line="475" />
      <source>单位</source>
      <translation>Unit</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="472" />
      <source>决定机关</source>
      <translation>Deciding body</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="472" />
      <source>关联</source>
      <translation>Link</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="472" />
      <source>内容</source>
      <translation>Text</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="474" />
      <source>本单位人员</source>
      <translation>Unit staff</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="476" />
      <source>该单位没有问责记录</source>
      <translation>No sanctions for this unit</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="478" />
      <source>本案监督 — {case}</source>
      <translation>Supervision of case {case}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="480" />
      <source>本案</source>
      <translation>This case</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="482" />
      <source>承办人记录</source>
      <translation>Handler's record</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="483" />
      <source>整改 #{id} {status} 到期 {due}</source>
      <translation>Rectification #{id} {status}, due {due}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="486" />
      <source>未下达整改</source>
      <translation>No rectification ordered</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="487" />
      <source>承办人</source>
      <translation>handler</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="488" />
      <source>本案及承办人 {who} 没有问责记录</source>
      <translation>No sanctions for this case or its handler {who}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="533" />
      <source>本案没有可撤销的告警</source>
      <translation>This case has no alarm to cancel</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="564" />
      <source>办件 {case} · {item}</source>
      <translation>Case {case} · {item}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision/drilldown_panel.py" line="217" />
      <source>回放中只能查看：请先回到实时</source>
      <translation>A replay is for looking only: go back to live first</translation>
    </message>
  </context>
  <context>
    <name>FormDialog</name>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="99" />
      <source>确定</source>
      <translation>OK</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="101" />
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
  </context>
  <context>
    <name>LimitChangeDialog</name>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="383" />
      <source>{unit} · {code} {name}；在办 {n} 件，修改后立即按新时限重算期限</source>
      <translation>{unit} · {code} {name}; {n} open cases are re-dated under the new limits at once</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="385" />
      <source>修改事项时限</source>
      <translation>Change the limits of an item</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="385" />
      <source>保存修改</source>
      <translation>Save change</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="390" />
      <location filename="../../console/widgets/supervision_dialogs.py" line="395" />
      <source> 个工作日</source>
      <translation> working days</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="391" />
      <source>承诺时限</source>
      <translation>Promised limit</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="396" />
      <source>法定时限</source>
      <translation>Statutory limit</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="397" />
      <source>原设置</source>
      <translation>Was</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="397" />
      <source>承诺 {p}，法定 {s}</source>
      <translation>promised {p}, statutory {s}</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="400" />
      <source>修改理由</source>
      <translation>Reason</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="400" />
      <source>例如：系统设置错误，承诺时限误设为超过法定时限</source>
      <translation>e.g. setting error: the promised limit was set above the statutory one</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="404" />
      <source>修改时限须说明理由</source>
      <translation>A limit change needs a reason</translation>
    </message>
  </context>
  <context>
    <name>LimitsTab</name>
    <message>
      <location filename="../../console/views/supervision.py" line="600" />
      <source>修改时限…</source>
      <translation>Change limits…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="601" />
      <source>重新检查</source>
      <translation>Check again</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="614" />
      <source>正在检查…</source>
      <translation>Checking…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="626" />
      <source>单位</source>
      <translation>Unit</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="626" />
      <source>事项编码</source>
      <translation>Item code</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="626" />
      <source>事项名称</source>
      <translation>Item</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="626" />
      <source>问题</source>
      <translation>Finding</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="626" />
      <source>说明</source>
      <translation>Detail</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="630" />
      <source>发现 {n} 处问题，涉及 {i} 个事项</source>
      <translation>{n} findings in {i} items</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="631" />
      <source>未发现时限设置问题</source>
      <translation>No limit problems found</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="647" />
      <source>先在表中选择一个事项</source>
      <translation>Select an item in the table first</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="667" />
      <source>事项 {code} 时限已修改：承诺 {p0} → {p1}，法定 {s0} → {s1}；在办 {n} 件，其中 {m} 件期限已重新计算</source>
      <translation>Limits of {code} changed: promised {p0} → {p1}, statutory {s0} → {s1}; {n} open cases, {m} re-dated</translation>
    </message>
  </context>
  <context>
    <name>LoginDialog</name>
    <message>
      <location filename="../../console/widgets/login_dialog.py" line="46" />
      <source>行政审批电子监察 — 登录</source>
      <translation>Approval supervision — log in</translation>
    </message>
    <message>
      <location filename="../../console/widgets/login_dialog.py" line="55" />
      <source>行政审批电子监察 · 控制室监察台</source>
      <translation>Approval supervision · control room console</translation>
    </message>
    <message>
      <location filename="../../console/widgets/login_dialog.py" line="57" />
      <location filename="../../console/widgets/login_dialog.py" line="121" />
      <source>请以值班员身份登录</source>
      <translation>Log in as an operator</translation>
    </message>
    <message>
      <location filename="../../console/widgets/login_dialog.py" line="65" />
      <location filename="../../console/widgets/login_dialog.py" line="70" />
      <source>用户名</source>
      <translation>User name</translation>
    </message>
    <message>
      <location filename="../../console/widgets/login_dialog.py" line="69" />
      <location filename="../../console/widgets/login_dialog.py" line="71" />
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <location filename="../../console/widgets/login_dialog.py" line="92" />
      <source>退出监察台</source>
      <translation>Quit console</translation>
    </message>
    <message>
      <location filename="../../console/widgets/login_dialog.py" line="95" />
      <source>登录</source>
      <translation>Log in</translation>
    </message>
    <message>
      <location filename="../../console/widgets/login_dialog.py" line="111" />
      <source>演示模式账户（仅演示数据库）：</source>
      <translation>Demo accounts (demo database only):</translation>
    </message>
    <message>
      <location filename="../../console/widgets/login_dialog.py" line="123" />
      <source>监察台已锁定（{name}，长时间无操作）。大屏照常刷新；请重新登录，或由其他值班员登录接班。</source>
      <translation>Console locked ({name}, idle). The walls keep updating; log in again, or another operator takes over.</translation>
    </message>
    <message>
      <location filename="../../console/widgets/login_dialog.py" line="139" />
      <source>数据库中还没有操作员。请先在终端运行：python main.py user add 用户名 --role administrator</source>
      <translation>No operators in the database yet. Run in a terminal: python main.py user add NAME --role administrator</translation>
    </message>
    <message>
      <location filename="../../console/widgets/login_dialog.py" line="146" />
      <source>正在验证…</source>
      <translation>Checking…</translation>
    </message>
    <message>
      <location filename="../../console/widgets/login_dialog.py" line="154" />
      <source>请输入用户名和密码</source>
      <translation>Enter user name and password</translation>
    </message>
  </context>
  <context>
    <name>OperatorDialog</name>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="415" />
      <source>添加操作员</source>
      <translation>Add operator</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="415" />
      <source>添加</source>
      <translation>Add</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="418" />
      <source>用户名</source>
      <translation>User name</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="419" />
      <source>姓名</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="423" />
      <source>角色</source>
      <translation>Role</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="424" />
      <source>初始密码</source>
      <translation>Initial password</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="426" />
      <source>再次输入</source>
      <translation>Again</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="431" />
      <source>请填写用户名</source>
      <translation>Enter a user name</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="433" />
      <source>两次输入的密码不一致</source>
      <translation>The two passwords differ</translation>
    </message>
  </context>
  <context>
    <name>OperatorsTab</name>
    <message>
      <location filename="../../console/views/supervision.py" line="857" />
      <source>添加操作员…</source>
      <translation>Add operator…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="858" />
      <source>解锁</source>
      <translation>Unlock</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="862" />
      <source>设为此角色</source>
      <translation>Set role</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="863" />
      <location filename="../../console/views/supervision.py" line="926" />
      <location filename="../../console/views/supervision.py" line="956" />
      <source>停用</source>
      <translation>Deactivate</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="864" />
      <source>刷新</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="888" />
      <source>锁定至 {t}</source>
      <translation>locked until {t}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="889" />
      <source>正常</source>
      <translation>active</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="889" />
      <source>已停用</source>
      <translation>inactive</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="896" />
      <source>用户名</source>
      <translation>User name</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="896" />
      <source>姓名</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="896" />
      <source>角色</source>
      <translation>Role</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="896" />
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="896" />
      <source>连续失败</source>
      <translation>Failures</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="897" />
      <source>最近登录</source>
      <translation>Last log-in</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="898" />
      <source>操作员 {n} 名</source>
      <translation>{n} operators</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="920" />
      <source>先选择一名操作员</source>
      <translation>Select an operator first</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="923" />
      <source>该操作员未被锁定</source>
      <translation>This operator is not locked</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="926" />
      <location filename="../../console/views/supervision.py" line="955" />
      <source>启用</source>
      <translation>Activate</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="936" />
      <source>已添加操作员</source>
      <translation>Operator added</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="942" />
      <source>操作员 {u} 已解锁</source>
      <translation>Operator {u} unlocked</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="949" />
      <source>操作员 {u} 的角色已设为 {r}</source>
      <translation>Role of {u} set to {r}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="955" />
      <source>操作员 {u} 已{what}</source>
      <translation>Operator {u}: {what}</translation>
    </message>
  </context>
  <context>
    <name>RectificationDialog</name>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="170" />
      <source>下达整改通知</source>
      <translation>Order rectification</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="170" />
      <source>下达整改</source>
      <translation>Order</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="171" />
      <source>责任单位</source>
      <translation>Responsible unit</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="172" />
      <source>责任人</source>
      <translation>Person</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="173" />
      <source>可选：承办人或负责人姓名</source>
      <translation>optional: handler or person in charge</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="177" />
      <source> 个工作日</source>
      <translation> working days</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="178" />
      <source>整改期限</source>
      <translation>Deadline</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="179" />
      <source>整改要求</source>
      <translation>Instructions</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="179" />
      <source>例如：说明超时原因，立即办结并报送整改情况</source>
      <translation>e.g. explain the delay, complete at once and report</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="183" />
      <source>请选择责任单位</source>
      <translation>Choose the responsible unit</translation>
    </message>
  </context>
  <context>
    <name>RectificationsTab</name>
    <message>
      <location filename="../../console/views/supervision.py" line="209" />
      <source>登记单位答复…</source>
      <translation>Record unit's answer…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="210" />
      <source>验证…</source>
      <translation>Verify…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="211" />
      <source>撤销整改…</source>
      <translation>Cancel rectification…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="212" />
      <source>刷新</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="240" />
      <source>{n} 个工作日</source>
      <translation>{n} working days</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="242" />
      <source>倒计时</source>
      <translation>Countdown</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="242" />
      <source>编号</source>
      <translation>No.</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="242" />
      <source>办件</source>
      <translation>Case</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="242" />
      <source>责任单位</source>
      <translation>Responsible unit</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="242" />
      <source>责任人</source>
      <translation>Person</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="243" />
      <source>下达时间</source>
      <translation>Ordered</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="243" />
      <source>期限</source>
      <translation>Limit</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="243" />
      <source>到期</source>
      <translation>Due</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="243" />
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="243" />
      <source>单位答复</source>
      <translation>Unit's answer</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="246" />
      <source>整改通知 {n} 件：整改中 {o} 件（红灯 {r}），待验证 {a} 件</source>
      <translation>{n} rectifications: {o} running ({r} red), {a} to verify</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="268" />
      <source>选择一条整改通知查看详情</source>
      <translation>Select a rectification for details</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="270" />
      <source>下达人：{v}</source>
      <translation>Ordered by: {v}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="271" />
      <source>整改要求：{v}</source>
      <translation>Instructions: {v}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="273" />
      <source>单位答复（{who}）：{v}</source>
      <translation>Answer ({who}): {v}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="275" />
      <source>验证（{who}）：{v}</source>
      <translation>Verified ({who}): {v}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="282" />
      <source>选择一条整改中的通知</source>
      <translation>Select a running rectification</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="284" />
      <source>选择一条已答复待验证的通知</source>
      <translation>Select an answered rectification</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="286" />
      <source>选择一条未结的通知</source>
      <translation>Select an open rectification</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="289" />
      <source>整改通知 #{id} · {unit} · 办件 {case} · 到期 {due}</source>
      <translation>Rectification #{id} · {unit} · case {case} · due {due}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="296" />
      <source>登记单位答复</source>
      <translation>Record the unit's answer</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="296" />
      <source>整改情况</source>
      <translation>What was done</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="296" />
      <source>登记答复</source>
      <translation>Record answer</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="297" />
      <source>责任单位报送的整改情况</source>
      <translation>As reported by the responsible unit</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="299" />
      <source>已登记整改通知 #{id} 的答复</source>
      <translation>Answer to rectification #{id} recorded</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="307" />
      <source>整改通知 #{id} 已验证</source>
      <translation>Rectification #{id} verified</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="313" />
      <source>撤销整改</source>
      <translation>Cancel rectification</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="313" />
      <source>撤销理由</source>
      <translation>Reason</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="315" />
      <source>整改通知 #{id} 已撤销</source>
      <translation>Rectification #{id} cancelled</translation>
    </message>
  </context>
  <context>
    <name>ReportsTab</name>
    <message>
      <location filename="../../console/views/supervision.py" line="694" />
      <source>全市</source>
      <translation>Whole city</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="696" />
      <source>生成报表</source>
      <translation>Build report</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="698" />
      <source>导出 XLSX…</source>
      <translation>Export XLSX…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="699" />
      <source>导出 PDF…</source>
      <translation>Export PDF…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="700" />
      <source>期间</source>
      <translation>Period</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="705" />
      <source>范围</source>
      <translation>Scope</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="722" />
      <source>选择期间和范围后生成报表</source>
      <translation>Choose a period and scope, then build the report</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="728" />
      <source>主要指标</source>
      <translation>Key figures</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="730" />
      <source>单位排名</source>
      <translation>Unit ranking</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="779" />
      <source>正在统计…</source>
      <translation>Counting…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="782" />
      <source>已生成（{at}）</source>
      <translation>Built ({at})</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="796" />
      <source>指标</source>
      <translation>Figure</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="796" />
      <source>数值</source>
      <translation>Value</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="804" />
      <source>名次</source>
      <translation>Rank</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="804" />
      <source>单位</source>
      <translation>Unit</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="804" />
      <source>办结</source>
      <translation>Close</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="804" />
      <source>按时</source>
      <translation>On time</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="804" />
      <source>超时</source>
      <translation>Overtime</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="805" />
      <source>按时率</source>
      <translation>On-time rate</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="805" />
      <source>红色告警</source>
      <translation>Red alarms</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="805" />
      <source>投诉</source>
      <translation>Complaints</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="805" />
      <source>被追责人数</source>
      <translation>People sanctioned</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="811" />
      <source>正在处理…</source>
      <translation>Working…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="813" />
      <source>先生成报表</source>
      <translation>Build the report first</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="820" />
      <source>Excel 工作簿 (*.xlsx)</source>
      <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="820" />
      <source>PDF 文件 (*.pdf)</source>
      <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="821" />
      <source>导出报表</source>
      <translation>Export report</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="832" />
      <source>正在导出 {fmt}…</source>
      <translation>Exporting {fmt}…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="835" />
      <source>已导出：{path}</source>
      <translation>Exported: {path}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="836" />
      <source>报表已导出：{path}</source>
      <translation>Report exported: {path}</translation>
    </message>
  </context>
  <context>
    <name>SanctionDialog</name>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="243" />
      <source>记录问责（责任追究）</source>
      <translation>Record a sanction (accountability)</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="243" />
      <source>记录问责</source>
      <translation>Record sanction</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="247" />
      <source>处理种类</source>
      <translation>Sanction</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="248" />
      <source>追究个人责任</source>
      <translation>Against a person</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="250" />
      <source>对象</source>
      <translation>Against</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="251" />
      <source>责任人</source>
      <translation>Person</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="252" />
      <source>姓名</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="258" />
      <source>岗位</source>
      <translation>Role</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="259" />
      <source>所在/责任单位</source>
      <translation>Unit</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="259" />
      <source>（不指定单位）</source>
      <translation>(no unit)</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="260" />
      <source>决定机关</source>
      <translation>Deciding body</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="261" />
      <source>例如：市监察局</source>
      <translation>e.g. city supervision bureau</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="265" />
      <source>决定日期</source>
      <translation>Decided</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="266" />
      <source>决定内容</source>
      <translation>Decision</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="266" />
      <source>事实、依据与处理决定</source>
      <translation>Facts, grounds and decision</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="276" />
      <source>请填写责任人姓名，或取消“追究个人责任”以追究单位责任</source>
      <translation>Enter the person, or untick "against a person" to sanction the unit</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="278" />
      <source>责任追究须指明责任人或责任单位</source>
      <translation>A sanction needs a person or a unit</translation>
    </message>
  </context>
  <context>
    <name>SupervisionActions</name>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="168" />
      <source>告警：{rule} · {unit} · 办件 {case}</source>
      <extracomment>a write succeeded: "rectification" | "alarm" | "sanction" | "complaint" | "limits" | "operators" the unit list arrived (dialogs need it)</extracomment>
      <translation>Alarm: {rule} · {unit} · case {case}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="171" />
      <source>办件 {case}</source>
      <translation>Case {case}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="183" />
      <location filename="../../console/views/supervision_actions.py" line="184" />
      <source>撤销告警</source>
      <translation>Cancel alarm</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="183" />
      <source>撤销理由</source>
      <translation>Reason</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="183" />
      <source>告警 #{id}</source>
      <translation>Alarm #{id}</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="184" />
      <source>例如：事项时限设置错误，告警不成立</source>
      <translation>e.g. the item limit was set wrong; the alarm is false</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="185" />
      <source>撤销告警须说明理由</source>
      <translation>Cancelling an alarm needs a reason</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="246" />
      <source>已登录：{name}（{role}）</source>
      <translation>Logged in: {name} ({role})</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="259" />
      <source>监督处置：</source>
      <translation>Supervision:</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="261" />
      <source>下达整改…</source>
      <translation>Order rectification…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="262" />
      <source>撤销告警…</source>
      <translation>Cancel alarm…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="263" />
      <source>记录问责…</source>
      <translation>Record sanction…</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision_actions.py" line="282" />
      <source>告警 #{id}：{rule} · {unit} · 办件 {case}</source>
      <translation>Alarm #{id}: {rule} · {unit} · case {case}</translation>
    </message>
    <message>
      <source>整改中</source>
      <translation>running</translation>
    </message>
    <message>
      <source>已答复待验证</source>
      <translation>answered, to verify</translation>
    </message>
    <message>
      <source>已验证</source>
      <translation>verified</translation>
    </message>
    <message>
      <source>整改逾期</source>
      <translation>overdue</translation>
    </message>
    <message>
      <source>已撤销</source>
      <translation>cancelled</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision/actions.py" line="272" />
      <source>回放中只能查看：请先回到实时</source>
      <translation>A replay is for looking only: go back to live first</translation>
    </message>
  </context>
  <context>
    <name>SupervisionView</name>
    <message>
      <location filename="../../console/views/supervision.py" line="141" />
      <source>剩 {n} 个工作日</source>
      <translation>{n} working days left</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="143" />
      <source>今日到期</source>
      <translation>due today</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="145" />
      <source>逾期 {n} 个工作日</source>
      <translation>{n} working days late</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="977" />
      <source>监督工作</source>
      <translation>Supervision</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="981" />
      <source>锁定</source>
      <translation>Lock</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="982" />
      <source>离开时锁定监察台（大屏照常刷新）</source>
      <translation>Lock the console when you leave (the walls keep updating)</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="993" />
      <source>整改</source>
      <translation>Rectification</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="993" />
      <source>投诉</source>
      <translation>Complaints</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="994" />
      <source>时限清理</source>
      <translation>Limits audit</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="994" />
      <source>报表</source>
      <translation>Reports</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="995" />
      <source>值班员</source>
      <translation>Operators</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="1039" />
      <source>未登录</source>
      <translation>not logged in</translation>
    </message>
    <message>
      <location filename="../../console/views/supervision.py" line="1041" />
      <source>{name}（{role}）</source>
      <translation>{name} ({role})</translation>
    </message>
  
    <message>
        <source>超期 {n} 个工作日</source>
        <translation>{n} working days overdue</translation>
    </message>
    <message>
        <source>（临时）</source>
        <translation> (provisional)</translation>
    </message>
</context>
  <context>
    <name>TextDialog</name>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="197" />
      <source>请填写{label}</source>
      <translation>Enter: {label}</translation>
    </message>
  </context>
  <context>
    <name>VerifyDialog</name>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="210" />
      <source>验证整改</source>
      <translation>Verify rectification</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="210" />
      <source>提交验证</source>
      <translation>Submit</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="213" />
      <source>单位答复</source>
      <translation>Unit's answer</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="217" />
      <source>通过，整改完成</source>
      <translation>Passed: done</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="218" />
      <source>不通过，退回重新整改</source>
      <translation>Not passed: back to the unit</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="226" />
      <source>验证结论</source>
      <translation>Result</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="227" />
      <source>验证意见</source>
      <translation>Remarks</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="227" />
      <source>核实情况</source>
      <translation>What was checked</translation>
    </message>
    <message>
      <location filename="../../console/widgets/supervision_dialogs.py" line="232" />
      <source>请填写验证意见</source>
      <translation>Enter the remarks</translation>
    </message>
  </context>
  <context>
    <name>Session</name>
    <message>
      <source>值班员</source>
      <translation>Operators</translation>
    </message>
    <message>
      <source>监察员</source>
      <translation>supervisor</translation>
    </message>
    <message>
      <source>管理员</source>
      <translation>administrator</translation>
    </message>
    <message>
      <source>未登录</source>
      <translation>not logged in</translation>
    </message>
    <message>
      <source>需要“{role}”角色（{code}）</source>
      <translation>Needs the "{role}" role ({code})</translation>
    </message>
  </context>
  <context>
    <name>ScreenManager</name>
    <message>
      <source>监督工作</source>
      <translation>Supervision</translation>
    </message>
  </context>
</TS>