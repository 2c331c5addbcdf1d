<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>AckDialog</name>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="193" />
        <source>确认告警</source>
        <translation>Acknowledge alarms</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="196" />
        <source>确认 {n} 条告警（确认表示“已看到”，不代表已整改）</source>
        <translation>Acknowledge {n} alarm(s) (acknowledging means "seen", not "fixed")</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="202" />
        <source>确认</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="203" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="214" />
        <source>请填写确认人姓名</source>
        <translation>Enter the name of the person acknowledging</translation>
    </message>
</context>
<context>
    <name>AlarmDialog</name>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="119" />
        <source>已超过法定时限：请立即核查原因，督促责任单位限期整改，并启动责任追究</source>
        <translation>Statutory time limit exceeded: investigate the cause now, order the responsible unit to rectify by a deadline, and start accountability proceedings</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="121" />
        <source>环节超时：请核查该环节承办人，督促立即办理并说明原因</source>
        <translation>Step overran: check with the step handler, have it processed at once and the reason explained</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="123" />
        <source>补正告知超期：请核查是否一次性告知，督促单位整改</source>
        <translation>Supplement notice late: check that everything missing was notified at once; have the unit rectify</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="125" />
        <source>收费异常：请核对应收、实收及减免依据，督促单位说明情况</source>
        <translation>Irregular fee: check receivable, paid and relief basis; have the unit explain</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="127" />
        <source>疑似体外循环或环节缺失：请调阅办件记录，核实办理过程</source>
        <translation>Possible off-line processing or missing steps: review the case record and verify how it was handled</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="129" />
        <source>请立即核查原因，督促责任单位限期整改</source>
        <translation>Investigate the cause now and order the responsible unit to rectify by a deadline</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="130" />
        <source>请关注办理进度，提醒责任单位按时办结</source>
        <translation>Watch the progress and remind the responsible unit to complete on time</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="137" />
        <source>超期 {n} 个工作日</source>
        <translation>{n} working day(s) overdue</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="139" />
        <source>今日到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="322" />
        <source>红色告警</source>
        <translation>Red alarm</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="341" />
        <source>责任单位</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="341" />
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="341" />
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="342" />
        <source>承办人</source>
        <translation>Handler</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="342" />
        <source>监察规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="342" />
        <source>超期情况</source>
        <translation>Lateness</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="343" />
        <source>告警时间</source>
        <translation>Raised at</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="343" />
        <source>告警内容</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="368" />
        <source>查看办件</source>
        <translation>Open case</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="370" />
        <source>确认</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="388" />
        <source>红色告警：{rule}</source>
        <translation>Red alarm: {rule}</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="398" />
        <source>下一步：</source>
        <translation>Next: </translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="409" />
        <source>另有 {n} 条待确认</source>
        <translation>{n} more waiting</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="67" />
        <source>投诉逾期：请督促责任单位立即作出受理决定或答复投诉人，并说明逾期原因</source>
        <translation>Complaint overdue: have the responsible unit decide on acceptance or answer the complainant now, and explain the delay</translation>
    </message>
</context>
<context>
    <name>AlarmNotifier</name>
    <message>
        <location filename="../../console/shell/alarm_notifier.py" line="330" />
        <source>已由 {operator}（{console}）于 {at} 确认</source>
        <extracomment>the operator pressed 查看办件 (case_id) mute state changed (bool), from a dialog, Ctrl+M or set_muted a flood summary opened (number of alarms in it)</extracomment>
        <translation>Already acknowledged by {operator} ({console}) at {at}</translation>
    </message>
    <message>
        <location filename="../../console/shell/alarm_notifier.py" line="333" />
        <source>（另有 {n} 条已由其他控制台确认）</source>
        <translation> ({n} more acknowledged at other consoles)</translation>
    </message>
</context>
<context>
    <name>AlarmQueueView</name>
    <message>
        <location filename="../../console/views/alarms.py" line="73" />
        <source>告警队列</source>
        <translation>Alarm queue</translation>
    </message>
    <message>
        <location filename="../../console/views/alarms.py" line="88" />
        <source>全部级别</source>
        <translation>All levels</translation>
    </message>
    <message>
        <location filename="../../console/views/alarms.py" line="89" />
        <source>红</source>
        <translation>Red</translation>
    </message>
    <message>
        <location filename="../../console/views/alarms.py" line="90" />
        <source>黄</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <location filename="../../console/views/alarms.py" line="93" />
        <source>全部规则</source>
        <translation>All rules</translation>
    </message>
    <message>
        <location filename="../../console/views/alarms.py" line="96" />
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <location filename="../../console/views/alarms.py" line="97" />
        <source>市级部门</source>
        <translation>Departments</translation>
    </message>
    <message>
        <location filename="../../console/views/alarms.py" line="98" />
        <source>区（市）县</source>
        <translation>Districts/counties</translation>
    </message>
    <message>
        <location filename="../../console/views/alarms.py" line="101" />
        <source>搜索单位、办件编号、事项、承办人…</source>
        <translation>Search unit, case no., item, handler…</translation>
    </message>
    <message>
        <location filename="../../console/views/alarms.py" line="108" />
        <source>静音 (Ctrl+M)</source>
        <translation>Mute (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../../console/views/alarms.py" line="116" />
        <source>确认所选 (空格)</source>
        <translation>Acknowledge selected (Space)</translation>
    </message>
    <message>
        <location filename="../../console/views/alarms.py" line="169" />
        <source>数据未更新：{err}</source>
        <translation>Data not updated: {err}</translation>
    </message>
    <message>
        <location filename="../../console/views/alarms.py" line="174" />
        <source>未确认 {n} 条，其中红色 {r} 条</source>
        <translation>{n} unacknowledged, {r} red</translation>
    </message>
    <message>
        <location filename="../../console/views/alarms.py" line="234" />
        <source>{n} 条已由 {operator}（{console}）于 {at} 确认</source>
        <translation>{n} already acknowledged by {operator} ({console}) at {at}</translation>
    </message>
    <message>
        <location filename="../../console/views/alarms.py" line="237" />
        <source>已确认 {n} 条</source>
        <translation>{n} acknowledged</translation>
    </message>

    <message>
        <source>数据中断 {n} 个单位：{units}</source>
        <translation>Feed silent in {n} units: {units}</translation>
    </message>
    <message>
        <source>{n} 条未确认：{why}</source>
        <translation>{n} not acknowledged: {why}</translation>
    </message>
</context>
<context>
    <name>AlarmTableModel</name>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="68" />
        <source>{d} 天</source>
        <translation>{d} d</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="59" />
        <source>{d}天{h:02d}小时</source>
        <translation>{d}d {h:02d}h</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="61" />
        <source>{h}小时{m:02d}分</source>
        <translation>{h}h {m:02d}m</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="62" />
        <source>{m}分{s:02d}秒</source>
        <translation>{m}m {s:02d}s</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="67" />
        <source>红</source>
        <translation>Red</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="69" />
        <source>黄</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="75" />
        <source>未确认</source>
        <translation>Unacknowledged</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="78" />
        <source>已确认（{who}）</source>
        <translation>Acknowledged ({who})</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="79" />
        <source>已确认</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="81" />
        <source>确认中…</source>
        <translation>Acknowledging…</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="83" />
        <source>已撤销</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="262" />
        <source>单位</source>
        <extracomment>counts of model signals from the last update (for tests and logging) the waiting-time column moved on (repaint the viewport; no dataChanged, see tick)</extracomment>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="263" />
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="264" />
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="265" />
        <source>承办人</source>
        <translation>Handler</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="266" />
        <source>规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="267" />
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="268" />
        <source>发生时间</source>
        <translation>Raised</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="269" />
        <source>已等待</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_table.py" line="270" />
        <source>状态</source>
        <translation>Status</translation>
    </message>

    <message>
        <source> · 已恢复 {at}</source>
        <translation> · cleared {at}</translation>
    </message>
    <message>
        <source> · 第 {n} 次</source>
        <translation> · occurrence {n}</translation>
    </message>
</context>
<context>
    <name>CaseDetailView</name>
    <message>
        <location filename="../../console/views/drilldown.py" line="416" />
        <location filename="../../console/views/drilldown.py" line="480" />
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="428" />
        <source>承诺期限</source>
        <translation>Promised due</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="428" />
        <source>法定期限</source>
        <translation>Statutory due</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="429" />
        <source>剩余（承诺）</source>
        <translation>Remaining (promised)</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="435" />
        <source>临时期限：期限跨越尚未公布节假日安排的年份，按周末临时计算，节假日公布后将重算</source>
        <translation>PROVISIONAL: the period runs into a year whose holidays are not yet published; counted on weekends only and recomputed once they are</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="444" />
        <source>时间轴（工作日历）</source>
        <translation>Timeline (working-day calendar)</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="461" />
        <source>办理环节</source>
        <translation>Steps</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="461" />
        <source>暂停与特别程序</source>
        <translation>Suspensions and special procedures</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="466" />
        <source>收费</source>
        <translation>Fees</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="466" />
        <location filename="../../console/views/drilldown.py" line="554" />
        <source>评价</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="471" />
        <source>告警与确认记录</source>
        <translation>Alarms and acknowledgements</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="496" />
        <source>单位：{v}</source>
        <translation>Unit: {v}</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="497" />
        <source>申请人：{v}</source>
        <translation>Applicant: {v}</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="498" />
        <source>渠道：{v}</source>
        <translation>Channel: {v}</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="499" />
        <source>当前环节：{v}</source>
        <translation>Current step: {v}</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="500" />
        <source>承办人：{v}</source>
        <translation>Handler: {v}</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="501" />
        <source>受理：{v}</source>
        <translation>Accepted: {v}</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="504" />
        <source>办结：{v}（{res}）</source>
        <translation>Completed: {v} ({res})</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="506" />
        <source>（临时）</source>
        <translation> (provisional)</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="511" />
        <source>{n} 个工作日</source>
        <translation>{n} working day(s)</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="514" />
        <source>今日到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="517" />
        <source>已超期 {n} 个工作日</source>
        <translation>{n} working day(s) overdue</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="534" />
        <source>办理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="535" />
        <location filename="../../console/views/drilldown.py" line="544" />
        <source>{n} 工作日</source>
        <translation>{n} working days</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="536" />
        <source> 超时</source>
        <translation> overran</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="539" />
        <source>环节</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="539" />
        <source>承办人</source>
        <translation>Handler</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="539" />
        <location filename="../../console/views/drilldown.py" line="541" />
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="539" />
        <location filename="../../console/views/drilldown.py" line="541" />
        <source>结束</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="539" />
        <source>时限</source>
        <translation>Limit</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="540" />
        <source>到期</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="540" />
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="540" />
        <location filename="../../console/views/drilldown.py" line="554" />
        <source>意见</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="541" />
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="541" />
        <source>申请时限</source>
        <translation>Applied limit</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="542" />
        <source>停止计时</source>
        <translation>Stops clock</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="542" />
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="543" />
        <source>进行中</source>
        <translation>Running</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="545" />
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="545" />
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="553" />
        <source>应收（元）</source>
        <translation>Receivable (CNY)</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="553" />
        <source>实收（元）</source>
        <translation>Paid (CNY)</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="553" />
        <source>减免理由</source>
        <translation>Relief reason</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="554" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="562" />
        <source>规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="562" />
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="562" />
        <source>发生时间</source>
        <translation>Raised</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="562" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="562" />
        <source>确认人</source>
        <translation>Acknowledged by</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="563" />
        <source>控制台</source>
        <translation>Console</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="563" />
        <source>确认时间</source>
        <translation>Acknowledged at</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="563" />
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="568" />
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="568" />
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="568" />
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="568" />
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="569" />
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>

    <message>
        <source>{n} 个工作日（今日到期）</source>
        <translation>{n} working days (due today)</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="545" />
        <source>（{n} 自然日）</source>
        <translation> ({n} calendar days)</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="549" />
        <source>办结（承诺）</source>
        <translation>Completed (promised)</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="555" />
        <source>按期办结</source>
        <translation>Completed on time</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="558" />
        <source>（超期 {n} 个工作日）</source>
        <translation> ({n} working days late)</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="559" />
        <source>超期办结</source>
        <translation>Completed late</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../console/widgets/case_table.py" line="30" />
        <source>红（已确认）</source>
        <translation>Red (acknowledged)</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="31" />
        <source>红</source>
        <translation>Red</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="33" />
        <source>黄</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="35" />
        <source>蓝</source>
        <translation>Blue</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="36" />
        <source>正常</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="48" />
        <source>法定超期</source>
        <translation>Statutory breach</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="50" />
        <source>临时期限</source>
        <translation>Provisional</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="52" />
        <source>暂停</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="54" />
        <source>已确认</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="62" />
        <source>0（今日到期）</source>
        <translation>0 (due today)</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="63" />
        <source>超 {n}</source>
        <translation>{n} over</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="76" />
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="77" />
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="78" />
        <source>环节</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="79" />
        <source>承办人</source>
        <translation>Handler</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="80" />
        <source>受理时间</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="81" />
        <source>承诺期限</source>
        <translation>Promised due</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="82" />
        <source>法定期限</source>
        <translation>Statutory due</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="83" />
        <source>剩余工作日</source>
        <translation>Working days left</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="84" />
        <source>灯号</source>
        <translation>Light</translation>
    </message>
    <message>
        <location filename="../../console/widgets/case_table.py" line="85" />
        <source>标志</source>
        <translation>Flags</translation>
    </message>

    <message>
        <source>告警</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>completed</translation>
    </message>
    <message>
        <source>{n}（今日到期）</source>
        <translation>{n} (due today)</translation>
    </message>
    <message>
        <source>今日到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>超期 {n} 个工作日</source>
        <translation>{n} working days overdue</translation>
    </message>
</context>
<context>
    <name>CaseTimeline</name>
    <message>
        <location filename="../../console/views/drilldown.py" line="216" />
        <source>暂停/特别程序</source>
        <translation>Suspended/special</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="238" />
        <source>无时间轴数据</source>
        <translation>No timeline data</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="277" />
        <source>一二三四五六日</source>
        <translation>MTWTFSS</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="317" />
        <source>  限{n}日</source>
        <translation>  limit {n}d</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="336" />
        <source> 申请{n}日</source>
        <translation> applied {n}d</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="344" />
        <source>承诺</source>
        <translation>Promised</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="345" />
        <source>法定</source>
        <translation>Statutory</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="346" />
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="357" />
        <source>（临时）</source>
        <translation> (provisional)</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="369" />
        <source>工作日</source>
        <translation>Working day</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="370" />
        <source>休息日/节假日</source>
        <translation>Weekend/holiday</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="371" />
        <source>日历未覆盖</source>
        <translation>Not covered by calendar</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="372" />
        <source>暂停（不计时）</source>
        <translation>Suspended (clock stopped)</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="373" />
        <source>环节超时</source>
        <translation>Step overran</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="342" />
        <source>  限{n}自然日</source>
        <translation>  limit {n} calendar days</translation>
    </message>
</context>
<context>
    <name>DrilldownView</name>
    <message>
        <location filename="../../console/views/drilldown.py" line="588" />
        <source>← 返回 (Esc)</source>
        <translation>← Back (Esc)</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="650" />
        <source>办件</source>
        <translation>Case</translation>
    </message>
</context>
<context>
    <name>FloodDialog</name>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="418" />
        <source>告警洪流</source>
        <translation>Alarm flood</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="427" />
        <source>短时间内新增大量告警，已汇总显示。请逐条核查，或确认已看到全部告警。</source>
        <translation>Many new alarms in a short time, shown together. Check them one by one, or acknowledge that you have seen them all.</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="451" />
        <source>下一步：请立即核查原因，督促责任单位限期整改；必要时启动督办</source>
        <translation>Next: investigate the causes now and order the responsible units to rectify by a deadline; escalate where needed</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="459" />
        <source>查看办件</source>
        <translation>Open case</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="461" />
        <source>全部确认</source>
        <translation>Acknowledge all</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="487" />
        <source>告警洪流：{n} 条红色告警待确认</source>
        <translation>Alarm flood: {n} red alarms to acknowledge</translation>
    </message>
</context>
<context>
    <name>UnitCasesView</name>
    <message>
        <location filename="../../console/views/drilldown.py" line="123" />
        <source>筛选办件编号、事项、承办人…</source>
        <translation>Filter case no., item, handler…</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="154" />
        <source>单位 {id}</source>
        <translation>Unit {id}</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="156" />
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="166" />
        <source>在办 {n} 件，红灯 {r} 件，法定超期 {b} 件</source>
        <translation>{n} open, {r} red, {b} past statutory limit</translation>
    </message>

    <message>
        <source>在办 {n} 件，红灯 {r} 件，法定超期 {b} 件，有未确认告警 {a} 件</source>
        <translation>{n} open, {r} red, {b} past the statutory limit, {a} with unacknowledged alarms</translation>
    </message>
    <message>
        <location filename="../../console/views/drilldown.py" line="144" />
        <source>尚未选择单位。
在“市级部门”(Alt+1) 或“区（市）县”(Alt+3) 墙上单击一个单位（或用方向键选中后按回车），即可在此查看其办件明细；告警中的“查看办件”也在此打开办件。</source>
        <translation>No unit chosen yet.
Click a unit on the Departments (Alt+1) or Districts (Alt+3) wall (or select it with the arrow keys and press Enter) to see its cases here; an alarm's “Open case” opens its case here too.</translation>
    </message>
</context>
<context>
    <name>_AlarmDialogBase</name>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="235" />
        <source>静音 (Ctrl+M)</source>
        <translation>Mute (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="304" />
        <source>请填写确认人姓名</source>
        <translation>Enter the name of the person acknowledging</translation>
    </message>
</context>
<context>
    <name>_OperatorFields</name>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="165" />
        <source>值班员姓名</source>
        <translation>Operator name</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="168" />
        <source>可选：备注</source>
        <translation>Optional note</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="170" />
        <source>确认人</source>
        <translation>Acknowledged by</translation>
    </message>
    <message>
        <location filename="../../console/widgets/alarm_dialog.py" line="171" />
        <source>备注</source>
        <translation>Note</translation>
    </message>
</context>
</TS>